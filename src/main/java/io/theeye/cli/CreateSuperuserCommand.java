package io.theeye.cli;

import io.theeye.auth.PasswordHashing;
import io.theeye.store.UserStore;
import java.io.Console;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "createsuperuser",
        description = "Create a user who may sign in to the admin UI. Asks for what the options do not give.",
        mixinStandardHelpOptions = true)
class CreateSuperuserCommand implements Callable<Integer> {

    static final int MIN_PASSWORD_LENGTH = 8;

    @Mixin
    private Tool tool;

    @Option(names = "--username", description = "The new user's name.")
    private String username;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    private boolean passwordStdin;

    @Override
    public Integer call() throws IOException {
        Console console = System.console();
        String name = username != null ? username : prompt(console);
        char[] password = passwordStdin ? StandardInput.firstLine() : promptPassword(console);
        try {
            check(name, password);
            tool.with(UserStore.class, users -> {
                if (users.exists(name)) {
                    throw tool.usage("username '" + name + "' is already taken");
                }
                users.createSuperuser(name, PasswordHashing.encoder().encode(new String(password)));
                return name;
            });
        } finally {
            Arrays.fill(password, '\0');
        }
        return tool.done("Superuser '" + name + "' created.");
    }

    private void check(String name, char[] password) {
        if (name == null || name.isBlank() || name.length() > 150) {
            throw tool.usage("username must be 1 to 150 characters long");
        }
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw tool.usage("password must be at least " + MIN_PASSWORD_LENGTH + " characters long");
        }
        if (name.equalsIgnoreCase(new String(password))) {
            throw tool.usage("password must differ from the username");
        }
    }

    private String prompt(Console console) {
        return requireTerminal(console).readLine("Username: ");
    }

    private char[] promptPassword(Console console) {
        requireTerminal(console);
        char[] first = console.readPassword("Password: ");
        char[] again = console.readPassword("Password (again): ");
        if (first == null || !Arrays.equals(first, again)) {
            throw tool.usage("the passwords did not match");
        }
        return first;
    }

    private Console requireTerminal(Console console) {
        if (console == null) {
            throw tool.usage("no terminal to ask on: pass --username and --password-stdin");
        }
        return console;
    }
}
