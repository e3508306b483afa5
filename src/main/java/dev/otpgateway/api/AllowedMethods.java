package dev.otpgateway.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods a path is served with, for the {@code Allow} header a 405 must carry (RFC 9110
 * §15.5.6). Read off the routers themselves, the first time a 405 asks, so it cannot drift from the
 * routes; HEAD goes wherever GET does.
 */
final class AllowedMethods {
  private final Router router;
  private final Router mounted;
  private final String mountPoint;
  private volatile List<Served> served;

  private record Served(Pattern path, Set<HttpMethod> methods) {}

  /**
   * @param mounted a sub-router mounted at {@code mountPoint}, or null
   */
  AllowedMethods(Router router, Router mounted, String mountPoint) {
    this.router = router;
    this.mounted = mounted;
    this.mountPoint = mountPoint;
  }

  /** The {@code Allow} header value for this path, e.g. {@code GET, HEAD, PATCH}. */
  String of(String path) {
    Set<String> names = new TreeSet<>();
    for (Served s : served()) {
      if (s.path().matcher(path).matches()) {
        s.methods().forEach(m -> names.add(m.name()));
        if (s.methods().contains(HttpMethod.GET)) {
          names.add(HttpMethod.HEAD.name());
        }
      }
    }
    return String.join(", ", names);
  }

  private List<Served> served() {
    List<Served> known = served;
    if (known == null) {
      known = new ArrayList<>();
      collect(router, "", known);
      if (mounted != null) {
        collect(mounted, mountPoint, known);
      }
      served = known;
    }
    return known;
  }

  private static void collect(Router router, String prefix, List<Served> into) {
    for (Route route : router.getRoutes()) {
      // Routes without a path or a method are body readers, failure handlers and mounts.
      if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
        continue;
      }
      List<String> segments = new ArrayList<>();
      for (String segment : (prefix + route.getPath()).split("/", -1)) {
        segments.add(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
      }
      String regex = String.join("/", segments);
      into.add(new Served(Pattern.compile(regex), Set.copyOf(route.methods())));
    }
  }
}
