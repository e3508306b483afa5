package dev.otpgateway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Where status callbacks may go: public https hosts, loopback only with the simulator. */
class CallbackTargetPolicyTest {
  private final CallbackTargetPolicy production = new CallbackTargetPolicy(false);
  private final CallbackTargetPolicy withSimulator = new CallbackTargetPolicy(true);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://hooks.example.com/otp",
        "https://hooks.example.com:8443/otp?tenant=acme",
        "https://8.8.8.8/cb",
        "https://[2606:4700:4700::1111]/cb",
        "https://api.example.co.uk./cb",
      })
  void public_https_targets_are_allowed(String url) {
    assertThat(production.problemWithUrl(url)).isNull();
    assertThat(withSimulator.problemWithUrl(url)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cloud metadata        | https://169.254.169.254/latest/meta-data | metadata",
        "link-local            | https://169.254.1.1/cb                   | link-local",
        "private 10/8          | https://10.0.0.1/cb                      | private",
        "private 172.16/12     | https://172.31.255.255/cb                | private",
        "private 192.168/16    | https://192.168.1.1/cb                   | private",
        "carrier-grade NAT     | https://100.100.100.200/cb               | carrier-grade",
        "this network          | https://0.0.0.0/cb                       | this network",
        "multicast             | https://224.0.0.1/cb                     | multicast",
        "broadcast             | https://255.255.255.255/cb               | reserved or broadcast",
        "documentation         | https://192.0.2.10/cb                    | documentation",
        "benchmarking          | https://198.18.0.1/cb                    | benchmarking",
        "loopback              | https://127.0.0.1/cb                     | loopback",
        "loopback 127/8        | https://127.1.2.3/cb                     | loopback",
        "localhost             | https://localhost/cb                     | loopback",
        "sub.localhost         | https://a.localhost/cb                   | loopback",
        "ipv6 loopback         | https://[::1]/cb                         | loopback",
        "ipv6 unspecified      | https://[::]/cb                          | unspecified",
        "ipv6 link-local       | https://[fe80::1]/cb                     | link-local",
        "ipv6 unique-local     | https://[fd00:ec2::254]/cb               | unique-local",
        "ipv6 multicast        | https://[ff02::1]/cb                     | multicast",
        "ipv6 site-local       | https://[fec0::1]/cb                     | site-local",
        "ipv4-mapped loopback  | https://[::ffff:127.0.0.1]/cb            | loopback",
        "ipv4-mapped metadata  | https://[::ffff:169.254.169.254]/cb      | metadata",
        "ipv4-compatible       | https://[::10.0.0.1]/cb                  | private",
        "nat64 private         | https://[64:ff9b::10.0.0.1]/cb           | private",
        "6to4 private          | https://[2002:c0a8:0101::1]/cb           | private",
        "teredo                | https://[2001:0:4136:e378::1]/cb         | Teredo",
        "decimal address       | https://2130706433/cb                    | must name its host",
        "short address         | https://127.1/cb                         | must name its host",
        "hex address           | https://0x7f.0.0.1/cb                    | must name its host",
        "octal-looking         | https://0177.0.0.1/cb                    | must name its host",
        "user info             | https://user:pass@hooks.example.com/cb   | user name or password",
        "user only             | https://user@hooks.example.com/cb        | user name or password",
        "plain http            | http://hooks.example.com/cb              | https",
        "other scheme          | ftp://hooks.example.com/cb               | https",
        "file                  | file:///etc/passwd                       | absolute https",
        "relative              | /cb                                      | absolute https",
        "opaque                | mailto:ops@example.com                   | absolute https",
        "single label          | https://intranet/cb                      | without a dot",
        "mDNS name             | https://printer.local/cb                 | .local",
        "internal name         | https://metadata.google.internal/cb      | .internal",
        "home network          | https://router.home.arpa/cb              | .home.arpa",
        "fragment              | https://hooks.example.com/cb#x           | fragment",
        "port zero             | https://hooks.example.com:0/cb           | port 0",
        "not a url             | https://exa mple.com/                    | not a URL",
        "international host    | https://bücher.example/cb                | must name its host",
      })
  void private_and_ambiguous_targets_are_refused(String what, String url, String reason) {
    assertThat(production.problemWithUrl(url)).as(what).isNotNull().containsIgnoringCase(reason);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080/cb",
        "https://127.0.0.1/cb",
        "http://localhost:9000/cb",
        "http://[::1]:9000/cb",
      })
  void loopback_is_allowed_only_while_the_simulator_is_on(String url) {
    assertThat(withSimulator.problemWithUrl(url)).isNull();
    assertThat(production.problemWithUrl(url)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://10.0.0.1/cb",
        "https://169.254.169.254/cb",
        "http://hooks.example.com/cb",
        "https://u:p@127.0.0.1/cb",
      })
  void the_simulator_opens_loopback_and_nothing_else(String url) {
    assertThat(withSimulator.problemWithUrl(url)).isNotNull();
  }

  @ParameterizedTest
  @CsvSource({
    "93.184.216.34, true",
    "2606:4700:4700::1111, true",
    "10.1.2.3, false",
    "127.0.0.1, false",
    "169.254.169.254, false",
    "fd12:3456::1, false",
    "::ffff:10.0.0.1, false",
    "64:ff9b::a00:1, false",
  })
  void resolved_addresses_are_judged_alike(String address, boolean allowed) throws Exception {
    assertThat(production.problemWithAddress(InetAddress.getByName(address)) == null)
        .as(address)
        .isEqualTo(allowed);
  }
}
