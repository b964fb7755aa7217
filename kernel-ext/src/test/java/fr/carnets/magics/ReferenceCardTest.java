package fr.carnets.magics;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** course/magies.md shows, for each example line, exactly the Java the magic prints; every magic is on the card. */
class ReferenceCardTest {
    private static final Pattern PAIR = Pattern.compile("```text\\n(%[^\\n]+)\\n```\\s*\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

    static Path card() {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("course/magies.md"))) p = p.getParent();
        assertNotNull(p, "course/magies.md introuvable depuis " + Paths.get("").toAbsolutePath());
        return p.resolve("course/magies.md");
    }

    /** A session where the variables named flux... hold a stream, as after %donnees dossier. */
    static final Session STREAMS = new Session() {
        final Object stream = new org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator(new org.nd4j.linalg.dataset.DataSet(
                org.nd4j.linalg.factory.Nd4j.zeros(1, 1), org.nd4j.linalg.factory.Nd4j.zeros(1, 1)));

        @Override
        public Object eval(String java) {
            return java.startsWith("flux") ? stream : null;
        }

        @Override
        public void print(String text) {}

        @Override
        public void display(Object value) {}
    };

    @Test
    void everyExampleShowsTheJavaItsMagicPrints() throws Exception {
        String text = Files.readString(card());
        Matcher m = PAIR.matcher(text);
        List<String> seen = new ArrayList<>();
        HelpMagic help = new HelpMagic(Magics.all());
        while (m.find()) {
            String line = m.group(1);
            String name = line.substring(1).split("\\s+", 2)[0];
            String args = line.length() > name.length() + 1 ? line.substring(name.length() + 2) : "";
            CarnetsMagic magic = help.find(name);
            assertNotNull(magic, "magie inconnue dans magies.md : " + line);
            String java = CarnetsMagic.javaOf(magic.steps(magic.parse(KernelWords.split(args)), STREAMS));
            assertEquals(java, m.group(2), "magies.md, « " + line + " »");
            seen.add(magic.name());
        }
        for (CarnetsMagic magic : Magics.all()) {
            if (magic instanceof HelpMagic) continue;
            assertTrue(seen.contains(magic.name()), "%" + magic.name() + " n'a pas d'exemple dans magies.md");
            for (String n : magic.spec().names()) assertTrue(text.contains("%" + n), "%" + n + " absent de magies.md");
        }
    }
}
