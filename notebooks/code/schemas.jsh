// Schémas du carnet 01, dessinés avec Java2D (chargés par « %load code/schemas.jsh »).
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Une image blanche de la taille donnée, prête à dessiner (anticrénelage activé). */
Graphics2D toile(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    return g;
}

/** Trois ensembles emboîtés : IA ⊃ machine learning ⊃ deep learning. */
BufferedImage cerclesIA() {
    var image = new BufferedImage(620, 400, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = toile(image);
    Color[] fonds = {new Color(0xDCE9F7), new Color(0xB9D7F0), new Color(0x7FB3E0)};
    String[] noms = {"Intelligence artificielle", "Machine learning", "Deep learning"};
    String[] details = {"règles écrites à la main, recherche, logique...",
                        "on apprend à partir d'exemples",
                        "réseaux de neurones profonds"};
    int[][] boites = {{10, 10, 600, 380}, {90, 95, 440, 280}, {170, 185, 280, 170}};
    for (int i = 0; i < 3; i++) {
        int[] b = boites[i];
        g.setColor(fonds[i]);
        g.fillOval(b[0], b[1], b[2], b[3]);
        g.setColor(new Color(0x2B5B84));
        g.drawOval(b[0], b[1], b[2], b[3]);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        int y = i == 2 ? b[1] + 75 : b[1] + 38;
        FontMetrics fm = g.getFontMetrics();
        g.drawString(noms[i], b[0] + (b[2] - fm.stringWidth(noms[i])) / 2, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        fm = g.getFontMetrics();
        g.drawString(details[i], b[0] + (b[2] - fm.stringWidth(details[i])) / 2, y + 18);
    }
    g.dispose();
    return image;
}

/** Une frise chronologique de 1950 à 2020 : les trois vagues et quelques jalons. */
BufferedImage frise() {
    int largeur = 900, hauteur = 330, x0 = 40, x1 = 860;
    var image = new BufferedImage(largeur, hauteur, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = toile(image);
    java.util.function.IntUnaryOperator x = annee -> x0 + (annee - 1950) * (x1 - x0) / 70;
    String[] vagues = {"Intelligence artificielle", "Machine learning", "Deep learning"};
    int[] debuts = {1950, 1980, 2010};
    Color[] couleurs = {new Color(0xDCE9F7), new Color(0xB9D7F0), new Color(0x7FB3E0)};
    for (int i = 0; i < 3; i++) {
        g.setColor(couleurs[i]);
        g.fillRect(x.applyAsInt(debuts[i]), 40 + 34 * i, x1 - x.applyAsInt(debuts[i]), 28);
        g.setColor(new Color(0x1F3B57));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        String nom = vagues[i] + " (depuis les années " + debuts[i] + ")";
        int w = g.getFontMetrics().stringWidth(nom);
        int debut = x.applyAsInt(debuts[i]);
        // À droite du début de la bande si elle est assez longue, sinon à sa gauche.
        g.drawString(nom, debut + 8 + w < x1 ? debut + 8 : debut - w - 8, 59 + 34 * i);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawLine(x0, 160, x1, 160);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int a = 1950; a <= 2020; a += 10) {
        g.drawLine(x.applyAsInt(a), 155, x.applyAsInt(a), 165);
        g.drawString(String.valueOf(a), x.applyAsInt(a) - 14, 180);
    }
    Object[][] jalons = {
        {1950, "Turing : une machine peut-elle penser ?"},
        {1956, "Dartmouth : le nom « intelligence artificielle »"},
        {1959, "Samuel (IBM) : le nom « machine learning »"},
        {1986, "rétropropagation du gradient popularisée"},
        {1997, "Deep Blue bat Kasparov aux échecs"},
        {2012, "AlexNet gagne ImageNet de loin"},
        {2016, "AlphaGo bat Lee Sedol au go"},
    };
    for (int i = 0; i < jalons.length; i++) {
        int a = (Integer) jalons[i][0];
        int px = x.applyAsInt(a), py = 200 + 18 * (i % 7);
        g.setColor(new Color(0xC0392B));
        g.fillOval(px - 4, 156, 8, 8);
        g.drawLine(px, 164, px, py - 4);
        g.setColor(Color.BLACK);
        String texte = a + " : " + jalons[i][1];
        int w = g.getFontMetrics().stringWidth(texte);
        int tx = Math.min(px + 4, largeur - w - 4);
        g.setColor(Color.WHITE);
        g.fillRect(tx - 2, py - 4, w + 4, 16);
        g.setColor(Color.BLACK);
        g.drawString(texte, tx, py + 8);
    }
    g.dispose();
    return image;
}

System.out.println("schemas.jsh chargé : cerclesIA(), frise()");
