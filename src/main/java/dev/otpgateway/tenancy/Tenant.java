package dev.otpgateway.tenancy;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A tenant: an app that sends codes through the gateway with its own key, limits and countries.
 *
 * @param name how messages name the app ("Your {app} code is ...")
 * @param apiKeySha256 hex SHA-256 of the API key; the key itself is never stored
 * @param allowedCountries ISO 3166 codes codes may go to; null means every country
 * @param templates message template overrides by language
 * @param statusCallbackUrl where state changes are posted, signed; null for none
 * @param callbackSecret the key status callbacks are signed with; null without a callback URL
 * @param budget the monthly budget, or null for none
 * @param fromConfig declared in the config file, so the admin API may not change it
 */
public record Tenant(
    String id,
    String name,
    String apiKeySha256,
    List<String> allowedCountries,
    TenantLimits limits,
    Map<String, String> templates,
    String statusCallbackUrl,
    String callbackSecret,
    TenantBudget budget,
    boolean fromConfig,
    long createdAt,
    long updatedAt)
    implements Serializable {

  public Tenant {
    allowedCountries = allowedCountries == null ? null : List.copyOf(allowedCountries);
    templates = Map.copyOf(templates);
  }

  public boolean allowsCountry(String iso) {
    return allowedCountries == null || allowedCountries.contains(iso);
  }

  public Tenant withKey(String newKeySha256, long now) {
    return new Tenant(
        id,
        name,
        newKeySha256,
        allowedCountries,
        limits,
        templates,
        statusCallbackUrl,
        callbackSecret,
        budget,
        fromConfig,
        createdAt,
        now);
  }

  @Override
  public String toString() {
    return "Tenant[" + id + "]";
  }
}
