package fr.carnets.dl.models;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.common.resources.DL4JResources;
import org.deeplearning4j.common.resources.ResourceType;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.LeNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.VGG16;
import org.deeplearning4j.zoo.model.VGG19;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.runtime.Performance;

/**
 * Pretrained models of the DL4J zoo (deeplearning4j-zoo) by Keras's name ("VGG16", "ResNet50").
 * The weights are downloaded on first use from {@link DL4JResources#getBaseDownloadURL()} into
 * {@link DL4JResources#getBaseDirectory()} (~/.deeplearning4j by default), then read from there.
 * When they cannot be had, a French message says what failed, where to put the file by hand and
 * what to do instead.
 */
public final class Zoo {
    static final List<String> NAMES = List.of("VGG16", "VGG19", "ResNet50", "SqueezeNet", "Darknet19", "LeNet");

    private Zoo() {}

    /** The pretrained model (ImageNet weights; MNIST for LeNet) as a Carnets model. */
    public static fr.carnets.dl.models.Model load(String name) {
        String cls = className(name);
        ZooModel<?> zoo = zooModel(cls);
        PretrainedType type = zoo.pretrainedAvailable(PretrainedType.IMAGENET) ? PretrainedType.IMAGENET : PretrainedType.MNIST;
        Model m;
        Performance.configure(); // before DL4J makes the zoo model's layers
        try {
            download(zoo, type);
            m = zoo.initPretrained(type);
        } catch (IOException | RuntimeException e) {
            throw new ModelException(weightsMessage(cls, zoo, type, e), e);
        }
        if (m instanceof ComputationGraph g) return GraphModel.of(g);
        return Sequential.of((MultiLayerNetwork) m);
    }

    /**
     * Fetches the weights into DL4J's cache ourselves, with timeouts: DL4J's own download has none,
     * so a network that drops packets silently would hang the cell for ever. DL4J then finds the
     * file, checks its checksum (deleting it when wrong) and loads it. Written to a temporary file
     * first, so an interrupted download never leaves a partial file under the final name.
     */
    static void download(ZooModel<?> zoo, PretrainedType type) throws IOException {
        String url = zoo.pretrainedUrl(type);
        if (url == null) return;
        File dir = DL4JResources.getDirectory(ResourceType.ZOO_MODEL, zoo.modelName());
        File target = new File(dir, url.substring(url.lastIndexOf('/') + 1));
        if (target.isFile()) return;
        java.nio.file.Files.createDirectories(dir.toPath());
        java.net.URLConnection c = new java.net.URL(url).openConnection();
        c.setConnectTimeout(Integer.getInteger("carnets.zoo.connectTimeoutMs", 15_000));
        c.setReadTimeout(Integer.getInteger("carnets.zoo.readTimeoutMs", 60_000));
        try (java.io.InputStream in = c.getInputStream()) {
            fr.carnets.data.AtomicFile.write(target.toPath(),
                    tmp -> java.nio.file.Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
        }
    }

    static ZooModel<?> zooModel(String cls) {
        switch (cls) {
            case "VGG16": return VGG16.builder().build();
            case "VGG19": return VGG19.builder().build();
            case "ResNet50": return ResNet50.builder().build();
            case "SqueezeNet": return SqueezeNet.builder().build();
            case "Darknet19": return Darknet19.builder().build();
            case "LeNet": return LeNet.builder().build();
            default: throw new IllegalStateException(cls);
        }
    }

    /** What failed, where DL4J looks for the file (to copy it there by hand) and what to do instead. */
    static String weightsMessage(String cls, ZooModel<?> zoo, PretrainedType type, Throwable e) {
        String url = zoo.pretrainedUrl(type);
        String file = url == null ? "" : url.substring(url.lastIndexOf('/') + 1);
        File dir = DL4JResources.getDirectory(ResourceType.ZOO_MODEL, zoo.modelName());
        String why;
        if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("checksum")) {
            why = "le fichier téléchargé est corrompu ou incomplet (somme de contrôle incorrecte ; il a été effacé)";
        } else if (e instanceof java.io.FileNotFoundException) {
            why = "le fichier est introuvable sur le serveur (" + e.getMessage() + ")";
        } else if (e instanceof java.net.UnknownHostException || e instanceof java.net.ConnectException
                || e instanceof java.net.NoRouteToHostException || e instanceof java.net.SocketTimeoutException) {
            why = "le serveur de téléchargement est injoignable (pas de réseau ? " + e.getClass().getSimpleName() + " : " + e.getMessage() + ")";
        } else {
            why = e.getClass().getSimpleName() + " : " + e.getMessage();
        }
        return "Impossible d'obtenir les poids pré-entraînés (" + type + ") de " + cls + " : " + why + ".\n"
                + "Ils se téléchargent depuis " + (url == null ? DL4JResources.getBaseDownloadURL() : url)
                + " au premier usage (jusqu'à plusieurs centaines de Mo), puis sont relus depuis le cache de DL4J.\n"
                + "Salle sans Internet : copiez le fichier " + file + " (récupéré sur une machine connectée) dans le dossier "
                + dir.getAbsolutePath() + " (répertoire de base DL4J : " + DL4JResources.getBaseDirectory().getAbsolutePath()
                + ", réglable par la propriété " + DL4JResources.DL4J_RESOURCES_DIR_PROPERTY + ").\n"
                + "Le cours peut continuer sans ces poids : partez d'un modèle de base entraîné et enregistré ici, "
                + "rechargé avec Model.load(\"base.zip\").";
    }

    static String className(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (String k : NAMES) if (k.toLowerCase(Locale.ROOT).equals(n)) return k;
        throw new ModelException("Modèle du zoo inconnu : \"" + name + "\". Noms possibles : " + String.join(", ", NAMES) + ".");
    }
}
