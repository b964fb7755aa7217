package fr.carnets.kernel.maven;

import fr.carnets.kernel.magic.MagicError;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoordinateAndPomTest {

    @Test
    void coordinatesInIJavaForms() {
        assertEquals(new Coordinate("g", "a", "jar", "", "1.0"), Coordinate.parse("g:a:1.0"));
        assertEquals(new Coordinate("g", "a", "pom", "", "1.0"), Coordinate.parse("g:a:pom:1.0"));
        Coordinate c = Coordinate.parse(" org.nd4j:nd4j-native:jar:linux-x86_64:1.0.0-M2.1 ");
        assertEquals("linux-x86_64", c.classifier());
        assertEquals("org.nd4j:nd4j-native", c.key());
        assertEquals("org.nd4j:nd4j-native:jar:linux-x86_64:1.0.0-M2.1", c.toString());
    }

    @Test
    void badCoordinatesSayTheExpectedForm() {
        for (String bad : List.of("g:a", "g::1", "a b:c:d", "g:a:b:c:d:e", "")) {
            MagicError e = assertThrows(MagicError.class, () -> Coordinate.parse(bad), bad);
            assertTrue(e.getMessage().contains("groupe:artefact:version"), e.getMessage());
        }
    }

    @Test
    void dependenciesBlockSkipsTestScope() {
        PomDependencies p = PomDependencies.parse("""
                <dependencies>
                  <dependency><groupId>g</groupId><artifactId>a</artifactId><version>1</version>
                    <exclusions><exclusion><groupId>x</groupId><artifactId>y</artifactId></exclusion></exclusions>
                  </dependency>
                  <dependency><groupId>g</groupId><artifactId>t</artifactId><version>1</version><scope>test</scope></dependency>
                </dependencies>""");
        assertEquals(1, p.dependencies().size());
        assertEquals(List.of("x:y"), p.dependencies().get(0).exclusions());
        assertEquals(List.of("g:t:jar:1 (test)"), p.skipped());
    }

    @Test
    void wholePomExpandsPropertiesAndKeepsRepositories() {
        PomDependencies p = PomDependencies.parse("""
                <project><properties><v>2.5</v></properties>
                  <repositories><repository><id>r</id><url>https://example.org/m2</url></repository></repositories>
                  <dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>${v}</version>
                    <classifier>linux</classifier></dependency></dependencies>
                </project>""");
        assertEquals("g:a:jar:linux:2.5", p.dependencies().get(0).coordinate().toString());
        assertEquals(List.of(new Repository("r", "https://example.org/m2/")), p.repositories());
    }

    @Test
    void undefinedPropertyAndBadXmlAreExplained() {
        assertTrue(assertThrows(MagicError.class, () -> PomDependencies.parse(
                "<dependency><groupId>g</groupId><artifactId>a</artifactId><version>${nope}</version></dependency>"))
                .getMessage().contains("${nope}"));
        assertTrue(assertThrows(MagicError.class, () -> PomDependencies.parse("<dependencies>"))
                .getMessage().contains("XML invalide"));
    }

    @Test
    void settingsMirrorsProxiesServersAndLocalRepository() throws Exception {
        Path f = Files.createTempFile("settings", ".xml");
        Files.writeString(f, """
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
                  <localRepository>${user.home}/depot</localRepository>
                  <mirrors><mirror><id>m</id><mirrorOf>central</mirrorOf><url>http://m/</url></mirror></mirrors>
                  <proxies><proxy><active>false</active><host>off</host></proxy>
                    <proxy><host>p</host><port>3128</port><nonProxyHosts>localhost</nonProxyHosts></proxy></proxies>
                  <servers><server><id>s</id><username>u</username><password>pw</password></server></servers>
                </settings>""");
        MavenSettings s = MavenSettings.read(f);
        assertEquals(Path.of(System.getProperty("user.home"), "depot"), s.localRepositoryPath());
        assertEquals(List.of(new MavenSettings.Mirror("m", "http://m/", "central")), s.mirrors());
        assertEquals(1, s.proxies().size());
        assertEquals(3128, s.proxies().get(0).port());
        assertEquals("u", s.servers().get(0).username());
        Files.delete(f);
    }
}
