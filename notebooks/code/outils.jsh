// Petits outils chargés par « %load code/outils.jsh » dans le carnet 00.
// Un fichier .jsh contient du Java comme dans une cellule : déclarations et instructions.

/** Une salutation en français. */
String salutation(String prenom) {
    return "Bonjour " + prenom + " !";
}

/** Arrondit x à n chiffres après la virgule. */
double arrondi(double x, int n) {
    double p = Math.pow(10, n);
    return Math.round(x * p) / p;
}

System.out.println("outils.jsh chargé : salutation(String), arrondi(double, int)");
