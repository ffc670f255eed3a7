/** The {@code the-eye} command line: serve, migrate, createsuperuser, clients and token. */
package io.theeye.cli;
