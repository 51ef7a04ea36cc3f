/**
 * The savings dashboard: portfolio savings, the plans and their savings, the commitments expiring first, one
 * commitment's utilization in two months side by side, a plan's status followed live, the inventory with facet
 * filters and "load more", and a purchase preview. Every operation is a typed document of the client kit
 * (clients/generated), cached by the kit's InMemoryCache configuration.
 */
import { useState } from 'react';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import {
  WebCommitmentFacetsDocument,
  WebCommitmentsDocument,
  WebDashboardDocument,
  WebPartnerPlansDocument,
  WebPlanStatusDocument,
  WebProviderPlansDocument,
  WebPurchasePreviewDocument,
  WebUtilizationDocument,
  type CommitmentFilter,
} from '../../../clients/generated/graphql';
import { CHILD_ORG_ID, LIVE_PROVIDER, ORG_ID, PAGE_SIZE, PERIODS, PROVIDER } from './config';
import { hours, integer, money, moneyCents, ratio } from './format';

function Failure({ error }: { error: { message: string } | undefined }) {
  return error ? (
    <p className="error" role="alert">
      {error.message}
    </p>
  ) : null;
}

function Card({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="card">
      <div className="label">{label}</div>
      <div className="value" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

function Dashboard({ selected, onSelect }: { selected: string | undefined; onSelect: (id: string) => void }) {
  const { data, loading, error } = useQuery(WebDashboardDocument, {
    variables: { orgId: ORG_ID, provider: PROVIDER, planProvider: PROVIDER },
  });
  const org = data?.org;
  const summary = org?.commitmentSummary;
  return (
    <>
      <section aria-labelledby="portfolio-title">
        <h2 id="portfolio-title">Portfolio savings</h2>
        <Failure error={error} />
        {loading && !org ? <p>Loading…</p> : null}
        {summary ? (
          <div className="cards" data-testid="portfolio">
            <Card
              label="Monthly net savings"
              value={money(summary.monthlyNetSavings)}
              testId="portfolio-savings"
            />
            <Card
              label="Monthly commitment cost"
              value={money(summary.monthlyCommitmentCost)}
              testId="portfolio-cost"
            />
            <Card
              label="Average utilization"
              value={ratio(summary.averageUtilization)}
              testId="portfolio-utilization"
            />
            <Card
              label="Active commitments"
              value={integer(summary.totalActiveCommitments)}
              testId="portfolio-count"
            />
          </div>
        ) : null}
        {summary?.asOfDate ? <p className="note">As of {summary.asOfDate}.</p> : null}
      </section>

      <section aria-labelledby="plans-title">
        <h2 id="plans-title">Plans and their savings</h2>
        <table data-testid="plans">
          <thead>
            <tr>
              <th>Plan</th>
              <th>Status</th>
              <th className="num">Savings / hour</th>
              <th className="num">Monthly savings</th>
              <th className="num">Total savings</th>
              <th className="num">Coverage</th>
            </tr>
          </thead>
          <tbody>
            {(org?.defaultCommitmentPlans ?? []).map((plan) => (
              <tr key={plan.id} data-testid="plan-row">
                <td>{plan.name}</td>
                <td>{plan.isCalculating ? 'calculating…' : plan.status.toLowerCase()}</td>
                <td className="num">{moneyCents(plan.savingsHourly)}</td>
                <td className="num">{money(plan.monthlySavings)}</td>
                <td className="num">{money(plan.totalSavings)}</td>
                <td className="num">{ratio(plan.commitmentCoverage)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="expiring-title">
        <h2 id="expiring-title">Expiring first</h2>
        <p className="note">
          {integer(org?.expiring?.totalCount)} active commitments; pick one to compare its utilization by
          month.
        </p>
        <table data-testid="expiring">
          <thead>
            <tr>
              <th>Commitment</th>
              <th>Ends</th>
              <th className="num">Utilization</th>
              <th className="num">Monthly net savings</th>
            </tr>
          </thead>
          <tbody>
            {(org?.expiring?.edges ?? []).map(({ node }, i) => (
              <tr
                key={node.id}
                data-testid="expiring-row"
                className={
                  (selected ?? org?.expiring?.edges[0]?.node.id) === node.id ? 'selected' : undefined
                }
              >
                <td>
                  <button type="button" className="link" onClick={() => onSelect(node.id)}>
                    {node.displayName ?? `Commitment ${i + 1}`}
                  </button>
                </td>
                <td>{node.endDate?.slice(0, 10) ?? '—'}</td>
                <td className="num">{ratio(node.utilization)}</td>
                <td className="num">{money(node.monthlyNetSavings)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <Utilization commitmentId={selected ?? org?.expiring?.edges[0]?.node.id} />
    </>
  );
}

/** One commitment, two periods: each `details(startDate, endDate)` alias keeps its own numbers in the cache. */
function Utilization({ commitmentId }: { commitmentId: string | undefined }) {
  const { data, error } = useQuery(WebUtilizationDocument, {
    variables: {
      orgId: ORG_ID,
      commitmentId: commitmentId ?? '',
      firstStart: PERIODS.first.startDate,
      firstEnd: PERIODS.first.endDate,
      secondStart: PERIODS.second.startDate,
      secondEnd: PERIODS.second.endDate,
    },
    skip: commitmentId === undefined,
  });
  const commitment = data?.org.commitment;
  return (
    <section aria-labelledby="utilization-title">
      <h2 id="utilization-title">
        Utilization: {PERIODS.first.label} vs {PERIODS.second.label}
      </h2>
      <Failure error={error} />
      {commitment ? (
        <>
          <p className="note" data-testid="utilization-commitment">
            {commitment.displayName}
          </p>
          <div className="cards">
            <Card
              label={PERIODS.first.label}
              value={ratio(commitment.first?.utilization)}
              testId="utilization-first"
            />
            <Card
              label={PERIODS.second.label}
              value={ratio(commitment.second?.utilization)}
              testId="utilization-second"
            />
            <Card label="Latest day" value={ratio(commitment.utilization)} testId="utilization-latest" />
          </div>
        </>
      ) : null}
    </section>
  );
}

/**
 * A provider's plans, one of them followed live over WebSocket. The rows come from the query: each event of
 * the subscription updates CommitmentPlan:<id> in the cache, and the row shows it. Archera's Recommended plan
 * is followed first (it is the one people wait on while it calculates).
 */
function LivePlanStatus() {
  const plans = useQuery(WebProviderPlansDocument, { variables: { orgId: ORG_ID, provider: LIVE_PROVIDER } });
  const list = plans.data?.org.defaultCommitmentPlans ?? [];
  const [picked, setPicked] = useState('');
  const followed = picked || (list.find((p) => p.name === 'Recommended') ?? list[0])?.id || '';
  const [received, setReceived] = useState<Record<string, number>>({});
  const [ended, setEnded] = useState(false);
  const live = useSubscription(WebPlanStatusDocument, {
    variables: { orgId: ORG_ID, planId: followed },
    skip: !followed,
    onData: () => setReceived((r) => ({ ...r, [followed]: (r[followed] ?? 0) + 1 })),
    // The gateway ends a subscription after its lifetime (or on an error): following again is the reader's call.
    onComplete: () => setEnded(true),
  });
  const count = received[followed] ?? 0;
  const state = ended
    ? 'Ended.'
    : live.loading
      ? 'Connecting…'
      : `Live: ${count} ${count === 1 ? 'message' : 'messages'} received.`;
  return (
    <section aria-labelledby="live-title">
      <h2 id="live-title">Live plan status</h2>
      <p className="note">
        {LIVE_PROVIDER} plans. The one followed updates as Archera recalculates it (a subscription over
        WebSocket), with no reload.
      </p>
      <Failure error={live.error ?? plans.error} />
      <div className="filters">
        <label>
          Follow{' '}
          <select
            data-testid="live-plan"
            value={followed}
            onChange={(e) => {
              setPicked(e.target.value);
              setEnded(false);
            }}
          >
            {list.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {followed ? (
          <span className="note" data-testid="live-state">
            {state}
          </span>
        ) : null}
        {ended ? (
          <button
            type="button"
            onClick={() => {
              setEnded(false);
              live.restart();
            }}
          >
            Follow again
          </button>
        ) : null}
      </div>
      <table data-testid="live-plans">
        <thead>
          <tr>
            <th>Plan</th>
            <th>Status</th>
            <th className="num">Monthly savings</th>
          </tr>
        </thead>
        <tbody>
          {list.map((plan) => (
            <tr
              key={plan.id}
              data-testid="live-plan-row"
              className={plan.id === followed ? 'selected' : undefined}
            >
              <td>
                {plan.name}
                {plan.id === followed ? <span className="badge">live</span> : null}
              </td>
              <td data-testid="live-plan-status">
                {plan.isCalculating ? 'calculating…' : plan.status.toLowerCase()}
              </td>
              <td className="num">{money(plan.monthlySavings)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Inventory() {
  const [type, setType] = useState('');
  const [region, setRegion] = useState('');
  const facets = useQuery(WebCommitmentFacetsDocument, { variables: { orgId: ORG_ID, provider: PROVIDER } });
  const filter: CommitmentFilter[] = [
    ...(type ? [{ field: 'type', values: [type] }] : []),
    ...(region ? [{ field: 'region', values: [region] }] : []),
  ];
  const { data, error, fetchMore, loading } = useQuery(WebCommitmentsDocument, {
    variables: { orgId: ORG_ID, provider: PROVIDER, filter, first: PAGE_SIZE },
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const list = data?.org.commitments;
  const loadMore = async (): Promise<void> => {
    if (!list?.pageInfo.endCursor) return;
    setLoadingMore(true);
    try {
      // The kit's relayStylePagination (keyed by provider, filter, …) appends the next page's edges.
      await fetchMore({ variables: { after: list.pageInfo.endCursor } });
    } finally {
      setLoadingMore(false);
    }
  };
  const choices = (values: ReadonlyArray<string | number | boolean> | null | undefined) =>
    (values ?? []).map((v) => (
      <option key={String(v)} value={String(v)}>
        {String(v)}
      </option>
    ));
  return (
    <section aria-labelledby="inventory-title">
      <h2 id="inventory-title">Commitments</h2>
      <Failure error={error ?? facets.error} />
      <div className="filters">
        <label>
          Type{' '}
          <select data-testid="filter-type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">all</option>
            {choices(facets.data?.org.types)}
          </select>
        </label>
        <label>
          Region{' '}
          <select data-testid="filter-region" value={region} onChange={(e) => setRegion(e.target.value)}>
            <option value="">all</option>
            {choices(facets.data?.org.regions)}
          </select>
        </label>
        <span className="note" data-testid="inventory-count">
          {list ? `${list.edges.length} of ${list.totalCount}` : loading ? 'Loading…' : ''}
        </span>
      </div>
      <table data-testid="inventory">
        <thead>
          <tr>
            <th>Commitment</th>
            <th>Type</th>
            <th>Region</th>
            <th>Status</th>
            <th>Ends</th>
            <th className="num">Utilization</th>
            <th className="num">Monthly net savings</th>
          </tr>
        </thead>
        <tbody>
          {(list?.edges ?? []).map(({ node }) => (
            <tr key={node.id} data-testid="commitment-row" data-id={node.id}>
              <td>{node.displayName ?? node.id}</td>
              <td data-testid="commitment-type">{node.type}</td>
              <td data-testid="commitment-region">{node.region}</td>
              <td>{node.status?.toLowerCase()}</td>
              <td>{node.endDate?.slice(0, 10) ?? '—'}</td>
              <td className="num">{ratio(node.utilization)}</td>
              <td className="num">{money(node.monthlyNetSavings)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list?.pageInfo.hasNextPage ? (
        <button type="button" data-testid="load-more" disabled={loadingMore} onClick={() => void loadMore()}>
          {loadingMore ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}

function PurchasePreview() {
  const plans = useQuery(WebPartnerPlansDocument, { variables: { orgId: CHILD_ORG_ID } });
  const [planId, setPlanId] = useState('');
  const [preview, { data, loading, error }] = useMutation(WebPurchasePreviewDocument);
  const chosen = planId || plans.data?.org.partnerPlans?.[0]?.id || '';
  const result = data?.purchaseCommitmentPlan;
  const totals = result?.preview;
  return (
    <section aria-labelledby="preview-title">
      <h2 id="preview-title">Purchase preview</h2>
      <p className="note">
        What buying a partner plan for the child org would buy and cost. A preview (
        <code>confirm: false</code>) buys nothing.
      </p>
      <Failure error={error ?? plans.error} />
      <div className="filters">
        <label>
          Plan{' '}
          <select data-testid="preview-plan" value={chosen} onChange={(e) => setPlanId(e.target.value)}>
            {(plans.data?.org.partnerPlans ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.status?.toLowerCase()})
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="preview-button"
          disabled={!chosen || loading}
          onClick={() =>
            void preview({
              variables: {
                orgId: CHILD_ORG_ID,
                planId: chosen,
                idempotencyKey: `preview-${crypto.randomUUID()}`,
              },
            })
          }
        >
          {loading ? 'Previewing…' : 'Preview purchase'}
        </button>
      </div>
      {result?.userErrors.map((e) => (
        <p key={e.code} className="error" role="alert">
          {e.code}: {e.message}
        </p>
      ))}
      {totals ? (
        <div className="cards" data-testid="preview-totals">
          <Card label="Plan" value={totals.plan.name ?? '—'} testId="preview-name" />
          <Card label="Line items" value={integer(totals.lineItemCount)} testId="preview-line-items" />
          <Card label="Upfront cost" value={money(totals.upfrontCost)} testId="preview-upfront" />
          <Card label="Monthly cost" value={money(totals.monthlyCost)} testId="preview-monthly-cost" />
          <Card
            label="Monthly savings"
            value={money(totals.monthlySavings)}
            testId="preview-monthly-savings"
          />
          <Card label="Total savings" value={money(totals.totalSavings)} testId="preview-total-savings" />
          <Card label="Breakeven" value={hours(totals.breakevenHours)} testId="preview-breakeven" />
        </div>
      ) : null}
    </section>
  );
}

export function App() {
  const [selected, setSelected] = useState<string | undefined>(undefined);
  return (
    <main>
      <header>
        <h1>Archera savings</h1>
        <p className="note">
          Org <code>{ORG_ID}</code>, {PROVIDER} — served by archera-graphql through the Apollo Client kit.
        </p>
      </header>
      <Dashboard selected={selected} onSelect={setSelected} />
      <LivePlanStatus />
      <Inventory />
      <PurchasePreview />
    </main>
  );
}
