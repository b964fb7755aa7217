package fr.carnets.kernel.magic;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MagicNamesTest {

    private static final Set<String> LINE = Set.of("aide", "donnees", "modele", "entrainer", "evaluer", "time", "vars", "maven");
    private static final Set<String> CELL = Set.of("pom", "time");

    @Test
    void closestNameIsSuggested() {
        assertEquals(" Vouliez-vous dire %aide ?", MagicNames.suggestion("%aid", LINE, CELL));
        assertEquals(" Vouliez-vous dire %entrainer ?", MagicNames.suggestion("%entrainr", LINE, CELL));
        assertEquals(" Vouliez-vous dire %donnees ?", MagicNames.suggestion("%donnes", LINE, CELL));
        assertEquals(" Vouliez-vous dire %%pom ?", MagicNames.suggestion("%%pomm", LINE, CELL));
    }

    @Test
    void nothingCloseMeansNoSuggestion() {
        assertEquals("", MagicNames.suggestion("%xyz", LINE, CELL));
        assertEquals("", MagicNames.suggestion("%matplotlib", LINE, CELL));
    }
}
