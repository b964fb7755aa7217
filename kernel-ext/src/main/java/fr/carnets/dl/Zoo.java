package fr.carnets.dl;

import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Pretrained models of the DL4J zoo by Keras's name ("VGG16", "ResNet50"), when the
 * deeplearning4j-zoo module is on the classpath and the weights can be downloaded (or are in
 * ~/.deeplearning4j). Otherwise a French message says what is missing and what to do instead.
 */
public final class Zoo {
    static final List<String> NAMES = List.of("VGG16", "VGG19", "ResNet50", "SqueezeNet", "Darknet19", "LeNet");

    private Zoo() {}

    /** The pretrained model (ImageNet weights; MNIST for LeNet) as a Carnets model. */
    public static fr.carnets.dl.Model load(String name) {
        String cls = className(name);
        Object zooModel;
        try {
            Class<?> c = Class.forName("org.deeplearning4j.zoo.model." + cls);
            Object builder = c.getMethod("builder").invoke(null);
            zooModel = builder.getClass().getMethod("build").invoke(builder);
        } catch (ClassNotFoundException e) {
            throw new ModelException("Le modèle " + cls + " vient du module deeplearning4j-zoo, absent de ce noyau. Ajoutez-le "
                    + "(%maven org.deeplearning4j:deeplearning4j-zoo:1.0.0-M2.1) ou utilisez un modèle de base entraîné et enregistré "
                    + "par vos soins : Sequential.load(\"base.zip\").", e);
        } catch (ReflectiveOperationException e) {
            throw new ModelException("Impossible de créer le modèle " + cls + " du zoo DL4J : " + e.getMessage(), e);
        }
        Model m;
        try {
            m = (Model) zooModel.getClass().getMethod("initPretrained").invoke(zooModel);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new ModelException("Les poids pré-entraînés de " + cls + " sont inaccessibles (" + cause.getClass().getSimpleName()
                    + " : " + cause.getMessage() + "). Ils se téléchargent depuis Internet au premier usage (plusieurs centaines "
                    + "de Mo) puis restent dans ~/.deeplearning4j. Sans réseau : copiez le fichier depuis une machine connectée, "
                    + "ou partez d'un modèle de base entraîné ici et enregistré (Sequential.load(\"base.zip\")).", cause);
        } catch (ReflectiveOperationException e) {
            throw new ModelException("Impossible de charger les poids de " + cls + " : " + e.getMessage(), e);
        }
        if (m instanceof ComputationGraph) return GraphModel.of((ComputationGraph) m);
        return Sequential.of((MultiLayerNetwork) m);
    }

    static String className(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (String k : NAMES) if (k.toLowerCase(Locale.ROOT).equals(n)) return k;
        throw new ModelException("Modèle du zoo inconnu : \"" + name + "\". Noms possibles : " + NAMES + ".");
    }
}
