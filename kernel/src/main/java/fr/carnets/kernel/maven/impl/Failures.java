package fr.carnets.kernel.maven.impl;

import fr.carnets.kernel.magic.MagicError;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.spi.connector.transport.http.HttpTransporterException;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.transfer.ChecksumFailureException;
import org.eclipse.aether.transfer.RepositoryOfflineException;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns the resolver's exceptions into one French message that says what to do. */
final class Failures {

    private static final Pattern STATUS = Pattern.compile("status code:? (\\d{3})|\\b(40[13])\\b");

    private Failures() {
    }

    static MagicError explain(Exception e, List<RemoteRepository> repos, Path local, boolean offline, Path settings) {
        List<Throwable> chain = causes(e);
        String artifact = artifactOf(e, chain);
        String where = repos.isEmpty() ? "" : repos.stream().map(r -> r.getId() + " (" + r.getUrl() + ")")
                .collect(Collectors.joining(", "));
        String settingsName = settings == null ? "~/.m2/settings.xml" : settings.toString();

        for (Throwable t : chain) {
            if (t instanceof ChecksumFailureException c) {
                return error("Somme de contrôle incorrecte pour " + artifact + " : " + kindOf(c) + " attendue "
                        + c.getExpected() + ", fichier reçu " + c.getActual() + ". Le fichier téléchargé est abîmé ou a été "
                        + "modifié en route (dépôt, miroir ou proxy) ; rien n'a été chargé. Relancez la cellule ; si l'erreur "
                        + "revient, vérifiez le miroir de " + settingsName + " ou signalez-le au dépôt.", e);
            }
        }
        for (Throwable t : chain) {
            Integer status = statusOf(t);
            if (status != null && (status == 401 || status == 403 || status == 407)) {
                String repo = repositoryOf(chain, repos);
                return error("Le dépôt " + repo + " refuse l'accès (HTTP " + status + ") à " + artifact + ". "
                        + (status == 407 ? "Le proxy demande un compte : ajoutez <username> et <password> à son <proxy> dans "
                        + settingsName + "." : "S'il demande un compte, ajoutez dans " + settingsName + " un <server> dont l'<id> est "
                        + "celui du dépôt (ou de son miroir), avec <username> et <password> ; sinon vérifiez son adresse."), e);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof UnknownHostException || t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
                return error("Pas de réseau : impossible de joindre " + hostOf(chain, repos) + " pour télécharger " + artifact
                        + " (" + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " : " + t.getMessage()) + "). "
                        + "Vérifiez la connexion, ou le proxy (<proxies>) de " + settingsName + ". Ce qui est déjà dans le "
                        + "dépôt local (" + local + ") se charge sans réseau : %maven --offline " + artifact + ".", e);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof RepositoryOfflineException || (offline && t instanceof ArtifactNotFoundException)) {
                return error("Mode hors ligne : " + artifact + " n'est pas dans le dépôt local (" + local + "). Relancez sans "
                        + "--offline, avec le réseau, pour le télécharger une fois ; il servira ensuite hors ligne.", e);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ArtifactNotFoundException) {
                return error("Artefact introuvable : " + artifact + " n'est ni dans le dépôt local (" + local + ") ni dans "
                        + (where.isEmpty() ? "les dépôts" : where) + ". Vérifiez le groupe, le nom et la version "
                        + "(https://central.sonatype.com), ou ajoutez le dépôt qui le publie : %mavenRepo id url.", e);
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return error("La résolution Maven de " + artifact + " a échoué : " + root.getMessage()
                + ". Vérifiez les coordonnées et " + settingsName + ".", e);
    }

    private static MagicError error(String message, Throwable cause) {
        return new MagicError(message, cause);
    }

    private static String kindOf(ChecksumFailureException c) {
        return c.getExpectedKind() == null ? "somme" : c.getExpectedKind();
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> out = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        collect(e, out, seen);
        return out;
    }

    /** Causes and suppressed exceptions, and the exceptions of each artifact result, depth first. */
    private static void collect(Throwable t, List<Throwable> out, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, true) != null) {
            return;
        }
        out.add(t);
        if (t instanceof DependencyResolutionException d && d.getResult() != null) {
            d.getResult().getCollectExceptions().forEach(x -> collect(x, out, seen));
            d.getResult().getArtifactResults().forEach(r -> r.getExceptions().forEach(x -> collect(x, out, seen)));
        }
        if (t instanceof ArtifactResolutionException a) {
            for (ArtifactResult r : a.getResults()) {
                r.getExceptions().forEach(x -> collect(x, out, seen));
            }
        }
        if (t instanceof ArtifactDescriptorException a && a.getResult() != null) {
            a.getResult().getExceptions().forEach(x -> collect(x, out, seen));
        }
        for (Throwable s : t.getSuppressed()) {
            collect(s, out, seen);
        }
        collect(t.getCause(), out, seen);
    }

    private static String artifactOf(Exception e, List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof ArtifactTransferException a && a.getArtifact() != null) {
                return id(a.getArtifact());
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ArtifactDescriptorException a && a.getResult() != null && a.getResult().getArtifact() != null) {
                return id(a.getResult().getArtifact());
            }
        }
        return "la dépendance";
    }

    private static String id(Artifact a) {
        return a.getGroupId() + ":" + a.getArtifactId() + (a.getClassifier().isEmpty() ? "" : ":" + a.getExtension() + ":"
                + a.getClassifier()) + ":" + a.getVersion() + ("pom".equals(a.getExtension()) ? " (son POM)" : "");
    }

    private static Integer statusOf(Throwable t) {
        if (t instanceof HttpTransporterException h) {
            return h.getStatusCode();
        }
        String m = t.getMessage();
        if (m != null && (m.contains("status code") || m.contains("Unauthorized") || m.contains("Forbidden"))) {
            Matcher matcher = STATUS.matcher(m);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
            }
        }
        return null;
    }

    private static String repositoryOf(List<Throwable> chain, List<RemoteRepository> repos) {
        for (Throwable t : chain) {
            if (t instanceof ArtifactTransferException a && a.getRepository() != null) {
                return a.getRepository().getId() + " (" + a.getRepository().getUrl() + ")";
            }
        }
        return repos.isEmpty() ? "distant" : repos.get(0).getId() + " (" + repos.get(0).getUrl() + ")";
    }

    private static String hostOf(List<Throwable> chain, List<RemoteRepository> repos) {
        for (Throwable t : chain) {
            if (t instanceof ArtifactTransferException a && a.getRepository() != null) {
                return host(a.getRepository().getUrl());
            }
        }
        return repos.isEmpty() ? "le dépôt" : repos.stream().map(r -> host(r.getUrl())).distinct().collect(Collectors.joining(", "));
    }

    private static String host(String url) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? url : h;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
