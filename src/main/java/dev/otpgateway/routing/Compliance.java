package dev.otpgateway.routing;

import java.util.Set;

/**
 * A region's compliance constraints (a region's {@code compliance:} block).
 *
 * @param consentRequired refuse unless the request records the person's consent ({@code
 *     consent_required})
 * @param smsAllowedForRisk risk levels for which SMS is an acceptable factor; PSD3 wants a stronger
 *     factor than SMS for high-risk payments ({@code sms_allowed_for_risk})
 * @param dataResidency residency zone every provider must process in, or {@code null} ({@code
 *     data_residency})
 * @param senderRegistrationRequired only providers with a registered sender and template may send
 *     ({@code sender_registration: required})
 */
public record Compliance(
    boolean consentRequired,
    Set<Risk> smsAllowedForRisk,
    String dataResidency,
    boolean senderRegistrationRequired) {

  /** No constraints: what a region without a {@code compliance:} block gets. */
  public static final Compliance NONE = new Compliance(false, Set.of(Risk.values()), null, false);

  /** Validates the residency zone's spelling. */
  public Compliance {
    smsAllowedForRisk = Copies.enumSet(Risk.class, smsAllowedForRisk);
    Violations v = new Violations();
    if (dataResidency != null && !Copies.isIdentifier(dataResidency)) {
      v.add("must be a lower-case zone name, but was '" + dataResidency + "'", "data_residency");
    }
    v.throwIfAny();
  }
}
