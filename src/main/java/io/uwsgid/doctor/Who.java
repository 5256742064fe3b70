package io.uwsgid.doctor;

import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.Users;
import java.util.List;
import java.util.Optional;

/**
 * Whose access a probe checks: a site's user, or nginx's.
 *
 * @param groups supplementary groups; null means the user's own (initgroups), as uWSGI and nginx take them
 */
record Who(String user, int uid, int gid, List<Integer> groups) {
    static Who of(SiteConfig.Identity id) {
        return new Who(id.user(), id.uid(), id.gid(), id.groups());
    }

    /** nginx's workers: the user named in uwsgid.ini, with its primary group and initgroups. */
    static Optional<Who> user(String name) {
        return Users.user(name).filter(u -> u.gid() >= 0).map(u -> new Who(u.name(), u.uid(), u.gid(), null));
    }

    @Override
    public String toString() {
        return user;
    }
}
