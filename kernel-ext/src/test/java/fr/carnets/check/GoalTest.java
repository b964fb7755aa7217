package fr.carnets.check;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Hints never give the expected value; targets say how far off in French. */
class GoalTest {

    @Test
    void equalSaysTooHighOrTooLowButNotTheAnswer() {
        Verdict v = Goal.equalVerdict(5000, 5258, "le nombre de paramètres", "Comptez le biais de chaque filtre.");
        assertFalse(v.ok());
        assertEquals("✘ Le nombre de paramètres : 5 000 est trop petit. Comptez le biais de chaque filtre.", v.message());
        assertFalse(v.message().contains("5258") || v.message().contains("5 258"));
        assertTrue(Goal.equalVerdict(6000, 5258, "x", "h").message().contains("trop grand"));
        assertEquals("✔ Le nombre de paramètres : 5 258, c'est juste.", Goal.equalVerdict(5258, 5258, "le nombre de paramètres", "h").message());
        assertTrue(Goal.closeVerdict(1e-3, 1e-4, 1e-12, "le taux", "Un pas minuscule.").message().contains("trop grand"));
        assertTrue(Goal.closeVerdict(Double.NaN, 1, 0.1, "le taux", "h").message().contains("NaN"));
    }

    @Test
    void reachAndUnderMeasureTheDistance() {
        assertEquals("✘ L'exactitude : 95,1 %, il manque 1,9 point pour l'objectif de 97,0 %.",
                Goal.reachVerdict(0.951, 0.97, "l'exactitude").message());
        assertEquals("✔ L'exactitude : 97,3 %, objectif 97,0 % atteint (0,3 point).", Goal.reachVerdict(0.973, 0.97, "l'exactitude").message());
        assertTrue(Goal.reachVerdict(0.5, 0.97, "x").message().contains("47,0 points"));
        assertEquals("✘ Le nombre de paramètres : 20 000, soit 4 091 de trop pour rester sous 15 910.",
                Goal.underVerdict(20_000, 15_910, "le nombre de paramètres").message());
        assertTrue(Goal.underVerdict(5_258, 15_910, "le nombre de paramètres").ok());
        assertFalse(Goal.underVerdict(15_910, 15_910, "x").ok());
    }
}
