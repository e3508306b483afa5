package dev.otpgateway.tenancy;

import java.util.List;
import java.util.Map;

/**
 * A validated partial update (JSON merge patch): null leaves a member as it is; the {@code clear*}
 * flags say an explicit JSON null removed it.
 */
public record TenantPatch(
    String name,
    List<String> allowedCountries,
    boolean clearAllowedCountries,
    Integer perDestinationPerHour,
    Integer requestsPerSecond,
    Integer codeLength,
    Integer codeTtlSeconds,
    Map<String, String> templates,
    String statusCallbackUrl,
    boolean clearStatusCallbackUrl,
    TenantBudget budget,
    boolean clearBudget,
    TenantFraud fraud,
    TenantSimSwap simSwap) {

  Tenant applyTo(Tenant t, String callbackSecret, long now) {
    TenantLimits l = t.limits();
    TenantLimits limits =
        new TenantLimits(
            perDestinationPerHour == null ? l.perDestinationPerHour() : perDestinationPerHour,
            requestsPerSecond == null ? l.requestsPerSecond() : requestsPerSecond,
            codeLength == null ? l.codeLength() : codeLength,
            codeTtlSeconds == null ? l.codeTtlSeconds() : codeTtlSeconds);
    String callback =
        clearStatusCallbackUrl
            ? null
            : statusCallbackUrl == null ? t.statusCallbackUrl() : statusCallbackUrl;
    return new Tenant(
        t.id(),
        name == null ? t.name() : name,
        t.apiKeySha256(),
        clearAllowedCountries
            ? null
            : allowedCountries == null ? t.allowedCountries() : allowedCountries,
        limits,
        templates == null ? t.templates() : templates,
        callback,
        callback == null ? null : callbackSecret,
        clearBudget ? null : budget == null ? t.budget() : budget,
        fraud == null ? t.fraud() : fraud,
        simSwap == null ? t.simSwap() : simSwap,
        t.fromConfig(),
        t.createdAt(),
        now);
  }
}
