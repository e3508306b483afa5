package dev.otpgateway.tenancy;

import java.util.List;
import java.util.Map;

/** A validated request to create a tenant. */
public record TenantSpec(
    String id,
    String name,
    List<String> allowedCountries,
    TenantLimits limits,
    Map<String, String> templates,
    String statusCallbackUrl,
    TenantBudget budget,
    TenantFraud fraud,
    TenantSimSwap simSwap) {}
