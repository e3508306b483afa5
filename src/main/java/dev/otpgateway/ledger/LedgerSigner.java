package dev.otpgateway.ledger;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Ed25519 key that signs a writer's checkpoints. It is given as the base64 of its 32-byte seed
 * ({@code OTPGW_LEDGER_SIGNING_KEY}, or generated into the data directory's secrets); an auditor
 * needs only the public key, printed as base64 of its 32 raw bytes by {@code ledger public-key}.
 * The JDK's own Ed25519 (Java 15+) does the work; only the fixed DER prefixes that wrap the raw
 * keys are spelled out here.
 */
public final class LedgerSigner {
  /** PKCS#8 for an Ed25519 private key, up to the 32-byte seed (RFC 8410). */
  private static final byte[] PRIVATE_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  /** X.509 SubjectPublicKeyInfo for an Ed25519 public key, up to its 32 bytes (RFC 8410). */
  private static final byte[] PUBLIC_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final PrivateKey privateKey;
  private final String publicKey;

  private LedgerSigner(PrivateKey privateKey, String publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** A new random seed, base64: what a generated signing key is stored as. */
  public static String newSeed() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return Base64.getEncoder().encodeToString(seed);
  }

  /**
   * The signer of a base64 seed.
   *
   * @throws IllegalArgumentException when it is not base64 of exactly 32 bytes
   */
  public static LedgerSigner fromSeed(String base64Seed) {
    byte[] seed;
    try {
      seed = Base64.getDecoder().decode(base64Seed.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the ledger signing key is not base64");
    }
    if (seed.length != 32) {
      throw new IllegalArgumentException(
          "the ledger signing key must be base64 of 32 bytes (an Ed25519 seed), but had "
              + seed.length);
    }
    try {
      KeyFactory keys = KeyFactory.getInstance("Ed25519");
      PrivateKey key = keys.generatePrivate(new PKCS8EncodedKeySpec(concat(PRIVATE_PREFIX, seed)));
      // The JDK has no public way to derive a public key from a private one: its key pair
      // generator, fed the seed as its randomness, makes the same pair.
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(255, new FixedRandom(seed));
      byte[] encoded = generator.generateKeyPair().getPublic().getEncoded();
      String publicKey =
          Base64.getEncoder()
              .encodeToString(Arrays.copyOfRange(encoded, PUBLIC_PREFIX.length, encoded.length));
      return new LedgerSigner(key, publicKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is missing from this JVM", e);
    }
  }

  /** Base64 of the 32-byte public key. */
  public String publicKey() {
    return publicKey;
  }

  /** Base64 of the Ed25519 signature of {@code message}. */
  public String sign(byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(message);
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /**
   * Whether {@code signature} (base64) is {@code publicKey}'s (base64, raw) over {@code message}.
   */
  public static boolean verify(String publicKey, byte[] message, String signature) {
    try {
      byte[] raw = Base64.getDecoder().decode(publicKey);
      byte[] sig = Base64.getDecoder().decode(signature);
      if (raw.length != 32) {
        return false;
      }
      PublicKey key =
          KeyFactory.getInstance("Ed25519")
              .generatePublic(new X509EncodedKeySpec(concat(PUBLIC_PREFIX, raw)));
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(sig);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * Hands the key pair generator the seed as its randomness: the JDK's Ed25519 generator takes
   * exactly the 32 bytes it needs from it, so the pair is the seed's (RFC 8032 §5.1.5).
   */
  private static final class FixedRandom extends SecureRandom {
    private final byte[] seed;

    FixedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
    }
  }
}
