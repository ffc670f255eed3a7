/** The admin web UI at {@code /admin}: sign-in, clients and their secrets, events, live tail, dashboard, audit log. */
package io.theeye.admin;
