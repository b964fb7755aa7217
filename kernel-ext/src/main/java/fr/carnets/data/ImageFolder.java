package fr.carnets.data;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;


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
 * Like every options chain of Carnets, it is a value: each option gives a new ImageFolder, so a
 * common start can serve a training and a validation stream; {@code build()} makes the stream.
 *
 * <p>Why not DataVec's {@code ImageRecordReader}: its pass stops at the first corrupt file
 * (a course must skip it and say how many were skipped); its transforms draw from one shared
 * random sequence, so an image stream and its mask stream drift apart as soon as anything
 * differs, and masks need nearest-neighbour sampling; and it needs OpenCV through JavaCV
 * (about 70 MB of native jars and seconds of native loading) for what ImageIO does on 28x28
 * PNG files. DataVec's {@link ParentPathLabelGenerator} (in ImageListing) still names the class of each file.
 */
public final class ImageFolder extends OptionChain<ImageFolder> {

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
        ImageFolder c = copy();
        if (height <= 0 || width <= 0) {
            throw new DataException("targetSize : hauteur et largeur doivent être positives, pas " + height + "x"
                    + width + ".");
        }
        c.height = height;
        c.width = width;
        return c;
    }

    /** "grayscale" (1 channel) or "rgb" (3 channels, the default), Keras's {@code color_mode}. */
    public ImageFolder colorMode(String mode) {
        ImageFolder c = copy();
        switch (mode == null ? "" : mode.toLowerCase(Locale.ROOT)) {
            case "grayscale": c.channels = 1; break;
            case "rgb": c.channels = 3; break;
            default:
                throw new DataException("colorMode : « " + mode + " » inconnu ; valeurs possibles : \"grayscale\", \"rgb\".");
        }
        return c;
    }

    public ImageFolder grayscale() {
        return colorMode("grayscale");
    }

    public ImageFolder rgb() {
        return colorMode("rgb");
    }

    public ImageFolder batchSize(int batchSize) {
        ImageFolder c = copy();
        if (batchSize <= 0) throw new DataException("batchSize : une taille de lot positive est attendue, pas " + batchSize + ".");
        c.batchSize = batchSize;
        return c;
    }

    /** Shuffle the order at each epoch (default true, like Keras). */
    public ImageFolder shuffle(boolean shuffle) {
        ImageFolder c = copy();
        c.shuffle = shuffle;
        return c;
    }

    /** Seed for the order and the augmentations: two streams with the same seed go in step. */
    public ImageFolder seed(long seed) {
        ImageFolder c = copy();
        c.seed = seed;
        return c;
    }

    /** Fraction of each class kept for validation (the first files in name order, like Keras). */
    public ImageFolder validationSplit(double fraction) {
        ImageFolder c = copy();
        if (!(fraction >= 0 && fraction < 1)) {
            throw new DataException("validationSplit : une fraction entre 0 et 1 (exclu) est attendue, pas " + fraction + ".");
        }
        c.validationSplit = fraction;
        return c;
    }

    /** "training" or "validation": which side of {@link #validationSplit(double)} this stream reads. */
    public ImageFolder subset(String subset) {
        ImageFolder c = copy();
        if (!"training".equals(subset) && !"validation".equals(subset)) {
            throw new DataException("subset : « " + subset + " » inconnu ; valeurs possibles : \"training\", \"validation\".");
        }
        c.subset = subset;
        return c;
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
        ImageFolder c = copy();
        c.classMode = mode == null ? ClassMode.NONE : mode;
        return c;
    }

    /** Only these classes, in this label order (default: every subfolder, sorted by name). */
    public ImageFolder classes(String... names) {
        ImageFolder c = copy();
        if (names == null || names.length == 0) throw new DataException("classes : donnez au moins une classe.");
        Set<String> unique = new LinkedHashSet<>(Arrays.asList(names));
        if (unique.size() != names.length) throw new DataException("classes : une classe est donnée deux fois : " + Arrays.toString(names));
        c.classes = new ArrayList<>(unique);
        return c;
    }

    /** "nearest" (default, like Keras; use it for masks) or "bilinear". */
    public ImageFolder interpolation(String mode) {
        ImageFolder c = copy();
        switch (mode == null ? "" : mode.toLowerCase(Locale.ROOT)) {
            case "nearest": c.bilinear = false; break;
            case "bilinear": c.bilinear = true; break;
            default:
                throw new DataException("interpolation : « " + mode + " » inconnue ; valeurs possibles : \"nearest\", \"bilinear\".");
        }
        return c;
    }

    /** Multiply every pixel value (0..255) by this factor, e.g. {@code 1.0 / 255} (Keras {@code rescale}). */
    public ImageFolder rescale(double factor) {
        ImageFolder c = copy();
        c.rescale = factor;
        return c;
    }

    /** On-the-fly random transformations (see {@link Augmentation}). */
    public ImageFolder augment(Augmentation augmentation) {
        ImageFolder c = copy();
        c.augmentation = augmentation;
        return c;
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
        ImageListing listing = new ImageListing(this);
        ImageListing.Listing l = table != null ? listing.listTable() : listing.listFolder();
        if (l.files.isEmpty()) {
            throw new DataException("Aucune image trouvée dans " + listing.where() + " (extensions acceptées : "
                    + String.join(", ", ImageListing.IMAGE_SUFFIXES) + ").");
        }
        if (classMode == ClassMode.BINARY && l.classes.size() != 2) {
            throw new DataException("classMode(\"binary\") demande exactement 2 classes ; il y en a " + l.classes.size()
                    + " : " + l.classes + ". Utilisez \"categorical\" ou classes(\"a\", \"b\").");
        }
        skippedAtBuild = listing.checkReadable(l);
        if (l.files.isEmpty()) {
            throw new DataException("Aucune image lisible dans " + listing.where() + " : tous les fichiers sont abîmés ou ne sont pas des images.");
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

    /** Files left out when the stream was built (not images, or unreadable). */
    int skippedAtBuild;

    /** Same as {@link #build()}. */
    public ImageFolderIterator iterator() {
        return build();
    }
}
