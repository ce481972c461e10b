/**
 * Account and service mappings between a vendor integration and the PSA: auto-match, exclusions, bundles.
 *
 * <p>What always holds:
 * <ul>
 *   <li>A vendor account is unmapped, excluded (not billed), or mapped to exactly one PSA company; several accounts
 *       may map to the same company. A vendor service is unmapped, excluded, or mapped to one or more PSA products
 *       (a bundle: each product bills the full vendor quantity); several services may map to the same product.</li>
 *   <li>Mappings refer to the organisation's primary PSA connection. A mapping whose connection is no longer the
 *       primary one, or whose PSA item is no longer in the snapshot (looked up by TrueUp's id, then by the PSA's
 *       own id), is not in effect: the item counts as unmapped.</li>
 *   <li>Auto-mapping maps only items without a mapping or exclusion, whose name after trimming equals exactly one
 *       PSA item's trimmed name character for character (case-sensitive). Nothing fuzzy is ever mapped on its own;
 *       close names are offered as suggestions. An item a person unmapped or included again is never auto-mapped
 *       afterwards.</li>
 *   <li>Disconnecting an integration removes all of its mappings, exclusions and auto-mapping blocks.</li>
 *   <li>Every change is in the audit log (auto-mappings with actor {@code system}) and publishes
 *       {@link com.trueup.mapping.MappingEvents.MappingsChanged}.</li>
 *   <li>Every query is scoped by the organisation ({@code tenant_id}).</li>
 * </ul>
 *
 * <p>Layout: this package holds the public API only ({@link com.trueup.mapping.Mappings} with
 * {@link com.trueup.mapping.AccountMapping} and {@link com.trueup.mapping.ServiceMapping} for reconciliation,
 * {@link com.trueup.mapping.MappingEvents}); {@code rules} the mapping rules, one job a class (the mappings in effect
 * for reconciliation and for the vendor module's {@code MappingLookup}, boards and suggestions, account changes,
 * service changes, auto-mapping, finish, clean-up on disconnect, the badge counts, the jobs that react to the vendor
 * and PSA modules); {@code store} the mapping tables; {@code web} the mapping page, the mapping API and the
 * navigation badge and checklist step.
 */
package com.trueup.mapping;
