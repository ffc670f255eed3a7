package io.theeye.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Secrets given on standard input, where other users cannot see them as they can a command's arguments. */
final class StandardInput {

    private StandardInput() {}

    /** The first line of standard input without its line break, or an empty array if there is none. */
    static char[] firstLine() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line == null ? new char[0] : line.toCharArray();
    }
}
