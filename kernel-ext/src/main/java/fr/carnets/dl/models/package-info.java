/**
 * The models: {@link fr.carnets.dl.models.Sequential} and {@link fr.carnets.dl.models.GraphModel},
 * both a {@link fr.carnets.dl.models.Model} (a Trainable made of layers); their building into a
 * DL4J network, their files ({@code Model.load}, {@code save}), their summary and DL4J's zoo.
 */
package fr.carnets.dl.models;
