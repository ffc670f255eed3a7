package io.theeye.admin;

import io.theeye.store.UserStore;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/** The people {@code createsuperuser} made, as Spring Security signs them in. */
final class AdminUsers implements UserDetailsService {

    static final String ROLE = "ADMIN";

    private final UserStore users;

    AdminUsers(UserStore users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return users.find(username)
                .filter(UserStore.User::superuser)
                .map(user -> User.withUsername(user.username())
                        .password(user.passwordHash())
                        .roles(ROLE)
                        .build())
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }
}
