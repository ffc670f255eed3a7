/** The {@code the-eye} command line: serve, worker, exporter, export, migrate, createsuperuser, clients, token and the rest. */
package io.theeye.cli;
