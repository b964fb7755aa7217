// Lire un dossier d'images rangé par classe (un sous-dossier par classe), chargé par
// « %load code/dossiers.jsh » dans le carnet 03. Trois tournures Java y servent :
// - try (Stream<Path> s = Files.list(dossier)) { ... } ouvre la liste des fichiers et la referme à la fin du bloc ;
// - un Stream se traite étape par étape : filter garde, map transforme, sorted trie, collect rassemble en liste ;
// - p -> p.getFileName().toString() est une lambda (une petite fonction écrite sur place) ;
//   Files::isDirectory désigne une méthode existante passée comme fonction.
import java.nio.file.*;
import java.util.stream.*;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;

/** Les sous-dossiers d'un dossier (les classes), par ordre alphabétique. */
List<String> sousDossiers(Path dossier) throws java.io.IOException {
    try (Stream<Path> s = Files.list(dossier)) {
        return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
}

/** Les fichiers d'un dossier, par ordre alphabétique. */
List<Path> fichiers(Path dossier) throws java.io.IOException {
    try (Stream<Path> s = Files.list(dossier)) {
        return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
}

/** Les pixels d'une image en niveaux de gris de cote × cote, rangée par rangée (valeurs brutes, de 0 à 255). */
float[] pixels(Path fichier, int cote) throws java.io.IOException {
    BufferedImage img = ImageIO.read(fichier.toFile());
    if (img == null || img.getWidth() != cote || img.getHeight() != cote) {
        throw new IllegalArgumentException(fichier + " : pas une image " + cote + "×" + cote
                + " ; redimensionnez-la (Images.load(fichier, " + cote + ", true)) ou changez COTE.");
    }
    var r = img.getRaster();
    float[] v = new float[cote * cote];
    for (int y = 0; y < cote; y++)
        for (int x = 0; x < cote; x++)
            v[y * cote + x] = r.getSample(x, y, 0);
    return v;
}

/** Un exemple : un fichier et le numéro de sa classe (un record regroupe deux valeurs, relues par e.fichier(), e.classe()). */
record Exemple(Path fichier, int classe) {}

/** (fichier, classe) de chaque image d'un dossier rangé par classe, mélangés une fois avec la graine. */
List<Exemple> lister(Path dossier, List<String> classes, long graine) throws java.io.IOException {
    List<Exemple> liste = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
        for (Path f : fichiers(dossier.resolve(classes.get(c)))) liste.add(new Exemple(f, c));
    }
    Collections.shuffle(liste, new Random(graine));
    return liste;
}

System.out.println("dossiers.jsh chargé : sousDossiers(dossier), fichiers(dossier), pixels(fichier, cote), "
        + "lister(dossier, classes, graine), record Exemple(fichier, classe)");
