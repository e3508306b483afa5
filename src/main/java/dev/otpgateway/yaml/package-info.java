/**
 * Strict YAML with lines: one document per file, a mapping at the top, no anchors, aliases, tags or
 * duplicate keys, every key checked against what its reader asks for, and every problem reported at
 * its file and line. The routing rules and the traffic scenarios are both read this way.
 *
 * <p>Only {@link dev.otpgateway.yaml.YamlReader} touches Jackson; the rest is the JDK.
 */
package dev.otpgateway.yaml;
