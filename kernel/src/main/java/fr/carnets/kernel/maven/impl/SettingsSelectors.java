package fr.carnets.kernel.maven.impl;

import fr.carnets.kernel.maven.MavenSettings;
import org.eclipse.aether.repository.AuthenticationSelector;
import org.eclipse.aether.repository.MirrorSelector;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.repository.ProxySelector;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;

/** settings.xml's mirrors, proxies and server credentials, as the resolver's selectors. */
final class SettingsSelectors {

    private SettingsSelectors() {
    }

    static MirrorSelector mirrors(MavenSettings s) {
        DefaultMirrorSelector selector = new DefaultMirrorSelector();
        for (MavenSettings.Mirror m : s.mirrors()) {
            if (m.url() != null) {
                selector.add(m.id(), m.url(), "default", false, false, m.mirrorOf(), "*");
            }
        }
        return selector;
    }

    static ProxySelector proxies(MavenSettings s) {
        DefaultProxySelector selector = new DefaultProxySelector();
        for (MavenSettings.Proxy p : s.proxies()) {
            if (p.host() == null) {
                continue;
            }
            AuthenticationBuilder auth = new AuthenticationBuilder();
            if (p.username() != null) {
                auth.addUsername(p.username()).addPassword(p.password());
            }
            selector.add(new Proxy(p.protocol(), p.host(), p.port(), auth.build()), p.nonProxyHosts());
            if ("http".equalsIgnoreCase(p.protocol())) {
                // As in Maven, an http proxy also carries https (CONNECT).
                selector.add(new Proxy("https", p.host(), p.port(), auth.build()), p.nonProxyHosts());
            }
        }
        return selector;
    }

    static AuthenticationSelector authentication(MavenSettings s) {
        DefaultAuthenticationSelector selector = new DefaultAuthenticationSelector();
        for (MavenSettings.Server server : s.servers()) {
            if (server.id() != null && server.username() != null) {
                selector.add(server.id(), new AuthenticationBuilder().addUsername(server.username())
                        .addPassword(server.password() == null ? "" : server.password()).build());
            }
        }
        return selector;
    }
}
