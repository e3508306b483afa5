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
 * @param fraud how the fraud guard treats its starts
 * @param simSwap when its starts ask whether the SIM changed lately
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
    TenantFraud fraud,
    TenantSimSwap simSwap,
    boolean fromConfig,
    long createdAt,
    long updatedAt)
    implements Serializable {

  public Tenant {
    allowedCountries = allowedCountries == null ? null : List.copyOf(allowedCountries);
    templates = Map.copyOf(templates);
    // Tenants kept before these settings existed read as the defaults.
    fraud = fraud == null ? TenantFraud.DEFAULT : fraud;
    simSwap = simSwap == null ? TenantSimSwap.DEFAULT : simSwap;
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
        fraud,
        simSwap,
        fromConfig,
        createdAt,
        now);
  }

  public Tenant withCallbackSecret(String newSecret, long now) {
    return new Tenant(
        id,
        name,
        apiKeySha256,
        allowedCountries,
        limits,
        templates,
        statusCallbackUrl,
        newSecret,
        budget,
        fraud,
        simSwap,
        fromConfig,
        createdAt,
        now);
  }

  @Override
  public String toString() {
    return "Tenant[" + id + "]";
  }
}
