package fr.carnets.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.datavec.api.io.labels.ParentPathLabelGenerator;

import tech.tablesaw.api.Table;

/**
 * Streams images from a folder (class = parent folder) or from a table (file and label
 * columns), in Keras's {@code flow_from_directory} / {@code flow_from_dataframe} vocabulary,
 * as a DL4J {@code DataSetIterator}:
 *
 * <pre>
 * var train = ImageFolder.from("datasets/cache/images/mnist/train")
 *         .targetSize(28, 28).grayscale().batchSize(64)
 *         .shuffle(true).seed(42).validationSplit(0.2).subset("training")
 *         .augment(Augmentation.create().rotation(10).zoom(0.1))
 *         .build();
 * </pre>
 *
 * <p>Why not DataVec's {@code ImageRecordReader}: its pass stops at the first corrupt file
 * (a course must skip it and say how many were skipped); its transforms draw from one shared
 * random sequence, so an image stream and its mask stream drift apart as soon as anything
 * differs, and masks need nearest-neighbour sampling; and it needs OpenCV through JavaCV
 * (about 70 MB of native jars and seconds of native loading) for what ImageIO does on 28x28
 * PNG files. DataVec's {@link ParentPathLabelGenerator} still names the class of each file.
 */
public final class ImageFolder {

    /** What the labels of a batch look like (Keras's {@code class_mode}). */
    public enum ClassMode {
        /** One-hot rows [batch, classes]. */
        CATEGORICAL,
        /** One column of 0/1 [batch, 1]; exactly two classes. */
        BINARY,
        /** One column holding the class index [batch, 1]. */
        SPARSE,
        /** No labels (prediction, or image/mask pairs). */
        NONE
    }

    static final Set<String> IMAGE_SUFFIXES = Arrays.stream(ImageIO.getReaderFileSuffixes())
            .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));

    // where the files come from
    final Path dir;
    final Table table;
    final String fileColumn;
    final String labelColumn;

    int height = 256;
    int width = 256;
    int channels = 3;
    int batchSize = 32;
    boolean shuffle = true;
    long seed = System.nanoTime();
    double validationSplit;
    String subset;
    ClassMode classMode = ClassMode.CATEGORICAL;
    List<String> classes;
    boolean bilinear;
    double rescale = 1.0;
    Augmentation augmentation;

    private ImageFolder(Path dir, Table table, String fileColumn, String labelColumn) {
        this.dir = dir;
        this.table = table;
        this.fileColumn = fileColumn;
        this.labelColumn = labelColumn;
    }

    /** Images in {@code dir/<class>/*} (or directly in {@code dir} with class mode "none"). */
    public static ImageFolder from(Path dir) {
        return new ImageFolder(dir, null, null, null);
    }

    /** Same as {@link #from(Path)}. */
    public static ImageFolder from(String dir) {
        return from(Paths.get(dir));
    }

    /**
     * Images named in a Tablesaw table (Keras's {@code flow_from_dataframe}): the file column
     * holds paths relative to {@code dir} (or absolute), the label column the class.
     */
    public static ImageFolder fromTable(Table table, Path dir, String fileColumn, String labelColumn) {
        if (table == null) throw new DataException("fromTable : la table est null.");
        for (String c : new String[] {fileColumn, labelColumn}) {
            if (c != null && !table.columnNames().contains(c)) {
                throw new DataException("fromTable : colonne « " + c + " » absente de la table. Colonnes : "
                        + table.columnNames());
            }
        }
        if (fileColumn == null) throw new DataException("fromTable : il faut nommer la colonne des fichiers.");
        return new ImageFolder(dir, table, fileColumn, labelColumn);
    }

    /** Table without labels (class mode "none"). */
    public static ImageFolder fromTable(Table table, Path dir, String fileColumn) {
        return fromTable(table, dir, fileColumn, null).classMode(ClassMode.NONE);
    }

    /** Every image is resized to height x width (Keras {@code target_size}, default 256x256). */
    public ImageFolder targetSize(int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new DataException("targetSize : hauteur et largeur doivent être positives, pas " + height + "x"
                    + width + ".");
        }
        this.height = height;
        this.width = width;
        return this;
    }

    /** "grayscale" (1 channel) or "rgb" (3 channels, the default), Keras's {@code color_mode}. */
    public ImageFolder colorMode(String mode) {
        switch (mode == null ? "" : mode.toLowerCase(Locale.ROOT)) {
            case "grayscale": channels = 1; break;
            case "rgb": channels = 3; break;
            default:
                throw new DataException("colorMode : « " + mode + " » inconnu ; valeurs possibles : \"grayscale\", \"rgb\".");
        }
        return this;
    }

    public ImageFolder grayscale() {
        return colorMode("grayscale");
    }

    public ImageFolder rgb() {
        return colorMode("rgb");
    }

    public ImageFolder batchSize(int batchSize) {
        if (batchSize <= 0) throw new DataException("batchSize : une taille de lot positive est attendue, pas " + batchSize + ".");
        this.batchSize = batchSize;
        return this;
    }

    /** Shuffle the order at each epoch (default true, like Keras). */
    public ImageFolder shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Seed for the order and the augmentations: two streams with the same seed go in step. */
    public ImageFolder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Fraction of each class kept for validation (the first files in name order, like Keras). */
    public ImageFolder validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new DataException("validationSplit : une fraction entre 0 et 1 (exclu) est attendue, pas " + fraction + ".");
        }
        this.validationSplit = fraction;
        return this;
    }

    /** "training" or "validation": which side of {@link #validationSplit(double)} this stream reads. */
    public ImageFolder subset(String subset) {
        if (!"training".equals(subset) && !"validation".equals(subset)) {
            throw new DataException("subset : « " + subset + " » inconnu ; valeurs possibles : \"training\", \"validation\".");
        }
        this.subset = subset;
        return this;
    }

    /** "categorical" (default), "binary", "sparse" or "none", Keras's {@code class_mode}. */
    public ImageFolder classMode(String mode) {
        String m = mode == null ? "none" : mode.toLowerCase(Locale.ROOT);
        for (ClassMode c : ClassMode.values()) {
            if (c.name().toLowerCase(Locale.ROOT).equals(m)) return classMode(c);
        }
        throw new DataException("classMode : « " + mode
                + " » inconnu ; valeurs possibles : \"categorical\", \"binary\", \"sparse\", \"none\".");
    }

    public ImageFolder classMode(ClassMode mode) {
        this.classMode = mode == null ? ClassMode.NONE : mode;
        return this;
    }

    /** Only these classes, in this label order (default: every subfolder, sorted by name). */
    public ImageFolder classes(String... names) {
        if (names == null || names.length == 0) throw new DataException("classes : donnez au moins une classe.");
        Set<String> unique = new LinkedHashSet<>(Arrays.asList(names));
        if (unique.size() != names.length) throw new DataException("classes : une classe est donnée deux fois : " + Arrays.toString(names));
        this.classes = new ArrayList<>(unique);
        return this;
    }

    /** "nearest" (default, like Keras; use it for masks) or "bilinear". */
    public ImageFolder interpolation(String mode) {
        switch (mode == null ? "" : mode.toLowerCase(Locale.ROOT)) {
            case "nearest": bilinear = false; break;
            case "bilinear": bilinear = true; break;
            default:
                throw new DataException("interpolation : « " + mode + " » inconnue ; valeurs possibles : \"nearest\", \"bilinear\".");
        }
        return this;
    }

    /** Multiply every pixel value (0..255) by this factor, e.g. {@code 1.0 / 255} (Keras {@code rescale}). */
    public ImageFolder rescale(double factor) {
        this.rescale = factor;
        return this;
    }

    /** On-the-fly random transformations (see {@link Augmentation}). */
    public ImageFolder augment(Augmentation augmentation) {
        this.augmentation = augmentation;
        return this;
    }

    /** Lists and checks the files, then returns the stream. */
    public ImageFolderIterator build() {
        if (validationSplit > 0 && subset == null) {
            throw new DataException("validationSplit(" + validationSplit
                    + ") demande de choisir subset(\"training\") ou subset(\"validation\").");
        }
        if (validationSplit == 0 && "validation".equals(subset)) {
            throw new DataException("subset(\"validation\") demande une validationSplit(...) supérieure à 0.");
        }
        Listing l = table != null ? listTable() : listFolder();
        if (l.files.isEmpty()) {
            throw new DataException("Aucune image trouvée dans " + where() + " (extensions acceptées : "
                    + String.join(", ", IMAGE_SUFFIXES) + ").");
        }
        if (classMode == ClassMode.BINARY && l.classes.size() != 2) {
            throw new DataException("classMode(\"binary\") demande exactement 2 classes ; il y en a " + l.classes.size()
                    + " : " + l.classes + ". Utilisez \"categorical\" ou classes(\"a\", \"b\").");
        }
        checkReadable(l);
        if (l.files.isEmpty()) {
            throw new DataException("Aucune image lisible dans " + where() + " : tous les fichiers sont abîmés ou ne sont pas des images.");
        }
        // Validation split, per class, on name order (Keras: the first fraction is validation).
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        if (validationSplit > 0) {
            int nc = Math.max(1, l.classes.size());
            for (int c = -1; c < nc; c++) {
                List<Integer> idx = new ArrayList<>();
                for (int i = 0; i < l.files.size(); i++) {
                    int lab = l.labels.get(i);
                    if (lab == c || (c == -1 && lab < 0)) idx.add(i);
                }
                int cut = (int) (validationSplit * idx.size());
                List<Integer> side = "validation".equals(subset) ? idx.subList(0, cut) : idx.subList(cut, idx.size());
                for (int i : side) {
                    files.add(l.files.get(i));
                    labels.add(l.labels.get(i));
                }
            }
        } else {
            files.addAll(l.files);
            labels.addAll(l.labels);
        }
        if (files.isEmpty()) {
            throw new DataException("Le sous-ensemble « " + subset + " » est vide : " + l.files.size()
                    + " images et validationSplit(" + validationSplit + ").");
        }
        System.out.println(files.size() + " images trouvées" + (l.classes.isEmpty() ? "" : ", " + l.classes.size() + " classes")
                + (subset != null ? " (sous-ensemble " + subset + ")" : "") + ".");
        return new ImageFolderIterator(this, files, labels, l.classes);
    }

    /** Same as {@link #build()}. */
    public ImageFolderIterator iterator() {
        return build();
    }

    private String where() {
        return table != null ? "la table (colonne « " + fileColumn + " »)" : String.valueOf(dir);
    }

    static final class Listing {
        final List<Path> files = new ArrayList<>();
        /** Class index per file, -1 when there is no class. */
        final List<Integer> labels = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        int notImages;
    }

    static boolean hasImageSuffix(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && IMAGE_SUFFIXES.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private List<Path> sortedChildren(Path d, boolean dirs) {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> dirs == Files.isDirectory(p)).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new DataException("Lecture impossible du dossier " + d + " : " + e.getMessage(), e);
        }
    }

    private Listing listFolder() {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new DataException("Dossier d'images introuvable : " + (dir == null ? null : dir.toAbsolutePath())
                    + (dir != null && dir.toString().contains("cache") ? "\nLancez depuis la racine du projet Carnets : "
                    + DataHome.FETCH_COMMAND : ""));
        }
        Listing l = new Listing();
        List<Path> subdirs = sortedChildren(dir, true);
        if (subdirs.isEmpty() && classMode == ClassMode.NONE) {
            // A flat folder (images/ or masks/ of a segmentation pair).
            for (Path f : sortedChildren(dir, false)) add(l, f, -1);
            return l;
        }
        List<String> names = subdirs.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
        if (classes != null) {
            List<String> missing = classes.stream().filter(c -> !names.contains(c)).collect(Collectors.toList());
            if (!missing.isEmpty()) {
                throw new DataException("Classe(s) sans dossier dans " + dir + " : " + missing + ". Dossiers présents : " + names);
            }
            l.classes = new ArrayList<>(classes);
        } else {
            l.classes = names;
        }
        // DataVec's generator names each file's class from its parent folder.
        ParentPathLabelGenerator labeller = new ParentPathLabelGenerator();
        for (String c : l.classes) {
            for (Path f : sortedChildren(dir.resolve(c), false)) {
                String label = labeller.getLabelForPath(f.toUri()).toString();
                add(l, f, classMode == ClassMode.NONE ? -1 : l.classes.indexOf(label));
            }
        }
        if (classMode == ClassMode.NONE) l.classes = new ArrayList<>(l.classes);
        return l;
    }

    private void add(Listing l, Path f, int label) {
        if (hasImageSuffix(f)) {
            l.files.add(f);
            l.labels.add(label);
        } else {
            l.notImages++;
        }
    }

    private Listing listTable() {
        Listing l = new Listing();
        int rows = table.rowCount();
        List<String> labelsText = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            String name = table.column(fileColumn).getString(r);
            Path p = Paths.get(name);
            if (!p.isAbsolute() && dir != null) p = dir.resolve(name);
            if (!Files.isRegularFile(p)) {
                missing.add(name);
                continue;
            }
            paths.add(p);
            labelsText.add(labelColumn == null ? null : table.column(labelColumn).getString(r));
        }
        if (!missing.isEmpty()) {
            throw new DataException("La table nomme " + missing.size() + " fichier(s) introuvable(s) dans "
                    + (dir == null ? "le dossier courant" : dir) + " : "
                    + missing.stream().limit(5).collect(Collectors.joining(", ")) + (missing.size() > 5 ? ", …" : "")
                    + ". Corrigez la colonne « " + fileColumn + " » ou le dossier.");
        }
        boolean useLabels = labelColumn != null && classMode != ClassMode.NONE;
        if (useLabels) {
            l.classes = classes != null ? new ArrayList<>(classes) : new ArrayList<>(new TreeSet<>(labelsText));
        }
        int dropped = 0;
        for (int i = 0; i < paths.size(); i++) {
            int lab = -1;
            if (useLabels) {
                lab = l.classes.indexOf(labelsText.get(i));
                if (lab < 0) {
                    dropped++;
                    continue;
                }
            }
            add(l, paths.get(i), lab);
        }
        if (dropped > 0) {
            System.err.println("Attention : " + dropped + " ligne(s) de la table ont une classe hors de classes(...) : ignorées.");
        }
        return l;
    }

    /** Drops files that are not readable images (header check), with one warning and a count. */
    private void checkReadable(Listing l) {
        List<Path> bad = new ArrayList<>();
        Iterator<Path> fi = l.files.iterator();
        Iterator<Integer> li = l.labels.iterator();
        while (fi.hasNext()) {
            Path f = fi.next();
            li.next();
            if (!headerReadable(f)) {
                bad.add(f);
                fi.remove();
                li.remove();
            }
        }
        if (l.notImages > 0) {
            System.err.println("Attention : " + l.notImages + " fichier(s) qui ne sont pas des images ignoré(s) dans " + where() + ".");
        }
        if (!bad.isEmpty()) {
            System.err.println("Attention : " + bad.size() + " image(s) illisible(s) ou abîmée(s) ignorée(s) : "
                    + bad.stream().limit(3).map(p -> p.getFileName().toString()).collect(Collectors.joining(", "))
                    + (bad.size() > 3 ? ", …" : "") + ".");
        }
        skippedAtBuild = l.notImages + bad.size();
    }

    int skippedAtBuild;

    static boolean headerReadable(Path f) {
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            if (in == null) return false;
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return false;
            ImageReader r = readers.next();
            try {
                r.setInput(in);
                return r.getWidth(0) > 0 && r.getHeight(0) > 0;
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
