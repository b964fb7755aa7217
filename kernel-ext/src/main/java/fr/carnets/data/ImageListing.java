package fr.carnets.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
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

/**
 * Finds the images an {@link ImageFolder} reads: the files of a folder (one subfolder per class)
 * or of a table's column, each with its class; drops what is not a readable image, with a warning.
 */
final class ImageListing {
    static final Set<String> IMAGE_SUFFIXES = Arrays.stream(ImageIO.getReaderFileSuffixes())
            .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));

    private final ImageFolder folder;

    ImageListing(ImageFolder folder) {
        this.folder = folder;
    }

    String where() {
        return folder.table != null ? "la table (colonne « " + folder.fileColumn + " »)" : String.valueOf(folder.dir);
    }

    /** The files found, their class index and the class names. */
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

    Listing listFolder() {
        if (folder.dir == null || !Files.isDirectory(folder.dir)) {
            throw new DataException("Dossier d'images introuvable : " + (folder.dir == null ? null : folder.dir.toAbsolutePath())
                    + (folder.dir != null && folder.dir.toString().contains("cache") ? "\nLancez depuis la racine du projet Carnets : "
                    + DataHome.FETCH_COMMAND : ""));
        }
        Listing l = new Listing();
        List<Path> subdirs = sortedChildren(folder.dir, true);
        if (subdirs.isEmpty() && folder.classMode == ImageFolder.ClassMode.NONE) {
            // A flat folder (images/ or masks/ of a segmentation pair).
            for (Path f : sortedChildren(folder.dir, false)) add(l, f, -1);
            return l;
        }
        List<String> names = subdirs.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
        if (folder.classes != null) {
            List<String> missing = folder.classes.stream().filter(c -> !names.contains(c)).collect(Collectors.toList());
            if (!missing.isEmpty()) {
                throw new DataException("Classe(s) sans dossier dans " + folder.dir + " : " + missing + ". Dossiers présents : " + names);
            }
            l.classes = new ArrayList<>(folder.classes);
        } else {
            l.classes = names;
        }
        // DataVec's generator names each file's class from its parent folder.
        ParentPathLabelGenerator labeller = new ParentPathLabelGenerator();
        for (String c : l.classes) {
            for (Path f : sortedChildren(folder.dir.resolve(c), false)) {
                String label = labeller.getLabelForPath(f.toUri()).toString();
                add(l, f, folder.classMode == ImageFolder.ClassMode.NONE ? -1 : l.classes.indexOf(label));
            }
        }
        if (folder.classMode == ImageFolder.ClassMode.NONE) l.classes = new ArrayList<>(l.classes);
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

    Listing listTable() {
        Listing l = new Listing();
        int rows = folder.table.rowCount();
        List<String> labelsText = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            String name = folder.table.column(folder.fileColumn).getString(r);
            Path p = Paths.get(name);
            if (!p.isAbsolute() && folder.dir != null) p = folder.dir.resolve(name);
            if (!Files.isRegularFile(p)) {
                missing.add(name);
                continue;
            }
            paths.add(p);
            labelsText.add(folder.labelColumn == null ? null : folder.table.column(folder.labelColumn).getString(r));
        }
        if (!missing.isEmpty()) {
            throw new DataException("La table nomme " + missing.size() + " fichier(s) introuvable(s) dans "
                    + (folder.dir == null ? "le dossier courant" : folder.dir) + " : "
                    + missing.stream().limit(5).collect(Collectors.joining(", ")) + (missing.size() > 5 ? ", …" : "")
                    + ". Corrigez la colonne « " + folder.fileColumn + " » ou le dossier.");
        }
        boolean useLabels = folder.labelColumn != null && folder.classMode != ImageFolder.ClassMode.NONE;
        if (useLabels) {
            l.classes = folder.classes != null ? new ArrayList<>(folder.classes) : new ArrayList<>(new TreeSet<>(labelsText));
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
    int checkReadable(Listing l) {
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
        return l.notImages + bad.size();
    }

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
