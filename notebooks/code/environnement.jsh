// La vérification de la machine du carnet 00, chargée par « %load code/environnement.jsh ».
// Chaque point dit ✔ ou ce qu'il faut corriger ✘, avec la commande exacte.
import java.lang.management.ManagementFactory;
import java.nio.file.*;
import org.nd4j.linalg.factory.Nd4j;
import fr.carnets.check.Check;
import fr.carnets.data.DataHome;

int aCorriger = 0;
void point(boolean ok, String siOk, String aFaire) {
    if (!Check.isTrue(ok, siOk, aFaire)) aCorriger++;
}

// 1. Le JDK : 17 ou plus récent
int versionJava = Runtime.version().feature();
point(versionJava >= 17,
      "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
      "JDK " + versionJava + " trop ancien : installez un JDK 17 (Debian/Ubuntu : sudo apt install openjdk-17-jdk ; "
      + "macOS : brew install openjdk@17), faites pointer JAVA_HOME dessus, puis relancez ./carnets lab");

// 2. La mémoire : celle de la machine, et celle donnée à Java
long mio = 1024 * 1024;
long memoireMachine = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize() / mio;
long tasJava = Runtime.getRuntime().maxMemory() / mio;
point(memoireMachine >= 3500,
      fr.carnets.plot.Fr.format("mémoire de la machine : %.1f Gio (8 conseillés)", memoireMachine / 1024.0),
      "mémoire de la machine : " + memoireMachine + " Mio ; il en faut au moins 4 Gio (8 conseillés) : "
      + "fermez d'autres applications ou utilisez une machine plus grande (JupyterHub de la salle)");
point(tasJava >= 900,
      "mémoire Java (tas) : " + tasJava + " Mio ; tableaux ND4J hors du tas : "
      + System.getProperty("org.bytedeco.javacpp.maxbytes", "défaut"),
      "mémoire Java (tas) : " + tasJava + " Mio seulement : arrêtez JupyterLab, puis export CARNETS_XMX=2g "
      + "et relancez ./carnets lab");

// 3. Les fils d'exécution (threads) des calculs natifs : au plus OMP_NUM_THREADS (le nombre de cœurs, réglé par Carnets) ;
//    chaque modèle en prend ensuite ce qui le rend le plus rapide (voir le chapitre 04)
int coeurs = Runtime.getRuntime().availableProcessors();
String omp = System.getenv("OMP_NUM_THREADS");
boolean ompOk = omp != null && omp.matches("[0-9]+") && Integer.parseInt(omp) >= 1 && Integer.parseInt(omp) <= coeurs;
point(ompOk,
      "fils d'exécution (threads) de calcul : au plus " + omp + " pour " + coeurs + " cœur(s), choisis par modèle",
      omp == null
          ? "OMP_NUM_THREADS n'est pas défini : ce noyau n'a pas été lancé par Carnets. Choisissez le noyau "
            + "« Java (Carnets) » (Kernel > Change Kernel, en français Noyau > Changer de noyau), ou lancez JupyterLab avec ./carnets lab"
          : "OMP_NUM_THREADS=" + omp + " pour " + coeurs + " cœur(s) : plus de fils d'exécution que de cœurs ralentit tout ; "
            + "arrêtez JupyterLab, puis unset OMP_NUM_THREADS et relancez ./carnets lab");

// 4. ND4J, la bibliothèque de calcul de Deeplearning4j
String nd4j;
try {
    double s = Nd4j.create(new double[] {1, 2, 3}).sumNumber().doubleValue();
    nd4j = s == 6 ? Nd4j.getBackend().getClass().getSimpleName() : null;
} catch (Throwable e) {
    nd4j = null;
    System.out.println("ND4J : " + e);
}
point(nd4j != null, "ND4J fonctionne (" + nd4j + ") ; " + fr.carnets.dl.runtime.Performance.describe(),
      "ND4J ne se charge pas : à la racine du dépôt, lancez ./carnets setup --rebuild, puis redémarrez le noyau");

// 5. Les jeux de données du cours
Path donnees = DataHome.dir();
for (String jeu : List.of("mnist", "fashion-mnist", "images")) {
    point(Files.isDirectory(donnees.resolve(jeu)),
          "jeu de données « " + jeu + " » présent dans " + donnees,
          "jeu de données « " + jeu + " » absent de " + donnees + " : à la racine du dépôt, lancez ./carnets datasets");
}

System.out.println(aCorriger == 0
    ? "Tout est prêt pour la suite du cours."
    : aCorriger + " point(s) à corriger (✘ ci-dessus). Pour une vérification complète : ./carnets doctor");
