/**
 * What a model does with data, Keras's Trainer: {@link fr.carnets.dl.training.Trainable} (fit,
 * evaluate, predict, weights, compile settings), the options of {@link fr.carnets.dl.training.Fit},
 * the loop of one fit over batch sources, {@link fr.carnets.dl.training.History}, the callbacks,
 * the optimizers and the losses. Sees a model only as a Trainable.
 */
package fr.carnets.dl.training;
