package com.trueup.reconciliation;

import com.trueup.integration.UsageQuantity;
import com.trueup.integration.VendorAccount;
import com.trueup.integration.VendorService;
import com.trueup.mapping.AccountMapping;
import com.trueup.mapping.ServiceMapping;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaProduct;
import com.trueup.shared.BillingPeriod;
import java.util.List;

/**
 * Everything the engine needs for one organisation and period: the connected integrations' accounts and services
 * (with each service's counting mode), the usage quantities of the period's series, the mappings, and the PSA
 * snapshot of the primary connection ({@code connection} may be null when there is none).
 */
record EngineInput(
        BillingPeriod period,
        List<VendorAccount> accounts,
        List<VendorService> services,
        List<UsageQuantity> usage,
        List<AccountMapping> accountMappings,
        List<ServiceMapping> serviceMappings,
        PsaConnectionInfo connection,
        List<PsaCompany> companies,
        List<PsaProduct> products,
        List<PsaContractLine> lines) {}
