// The sample shop's rows: "Harbor & Pine", with stores, a warehouse, a web shop and two years of orders
// (2023-2024). Everything comes from the seeded PRNG in a fixed order, so every run gives the same rows.
import { brands, catalog, firstNames, lastNames, places, reviewBodies, reviewTitles, storeSpecs, streetKinds, streets, supplierCountries, supplierNames, variants } from './catalog';
import type { Random } from './random';
import type { SampleTableName } from './schema';

export type SampleValue = string | number | null;
export type SampleRow = Record<string, SampleValue>;
export type SampleTables = Record<SampleTableName, SampleRow[]>;

interface Category { id: number; name: string; parent_id: number | null; description: string }
interface Product { id: number; sku: string; name: string; brand: string; category_id: number; unit_price: number; unit_cost: number; weight_grams: number | null; launched_on: string; is_active: number }
interface Store { id: number; name: string; kind: 'retail' | 'warehouse'; city: string; state: string; country: string; opened_on: string; manager_id: number | null }
interface Employee { id: number; first_name: string; last_name: string; email: string; job_title: string; store_id: number | null; manager_id: number | null; hire_date: string; annual_salary: number }
interface Customer { id: number; first_name: string; last_name: string; email: string; phone: string | null; birth_date: string | null; signup_date: string; loyalty_tier: string; marketing_opt_in: number }
interface Address { id: number; customer_id: number; address_type: string; street: string; city: string; state: string; postal_code: string; country: string; is_default: number }

const DAY = 86_400_000;
const start = Date.UTC(2023, 0, 1);
const end = Date.UTC(2025, 0, 1); // exclusive
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isoTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const money = (cents: number) => Math.round(cents) / 100;

export function generateSample(rand: Random): SampleTables {
  // Categories: top level first, then sub-categories pointing at them through parent_id.
  const categories: Category[] = [];
  const subCategories: { row: Category; top: string; items: [string, number, number, number][] }[] = [];
  for (const top of Object.keys(catalog)) categories.push({ id: categories.length + 1, name: top, parent_id: null, description: `All ${top.toLowerCase()} products` });
  for (const [top, subs] of Object.entries(catalog)) {
    const parent = categories.find((c) => c.name === top)!;
    for (const [sub, items] of Object.entries(subs)) {
      const row = { id: categories.length + 1, name: sub, parent_id: parent.id, description: `${sub} (${top})` };
      categories.push(row);
      subCategories.push({ row, top, items });
    }
  }

  const suppliers = supplierNames.map((company, i) => {
    const contact = `${rand.pick(firstNames)} ${rand.pick(lastNames)}`;
    const domain = company.toLowerCase().replace(/[^a-z]+/g, '') + '.example';
    return {
      id: i + 1, company_name: company, contact_name: contact,
      contact_email: `${contact.split(' ')[0].toLowerCase().replace(/[^a-z]/g, '')}@${domain}`,
      phone: `+${rand.int(1, 86)} ${rand.int(200, 999)} ${rand.int(100, 999)} ${rand.int(1000, 9999)}`,
      country: supplierCountries[i], payment_terms_days: rand.pick([15, 30, 30, 45, 60]),
    };
  });

  // Products: 16 per sub-category, with a popularity weight that drives how often they are ordered.
  const products: Product[] = [];
  const popularity = new Map<number, number>();
  for (const { row, top, items } of subCategories) {
    const used = new Set<string>();
    for (let n = 0; n < 16; n++) {
      let name: string, item: [string, number, number, number], brand: string;
      do {
        item = rand.pick(items);
        brand = rand.pick(brands);
        name = `${brand} ${item[0]} ${rand.pick(variants)}`;
      } while (used.has(name));
      used.add(name);
      const [, lo, hi, grams] = item;
      const priceCents = (rand.int(lo, hi) * 100) - 1; // x.99 prices
      const launch = rand.chance(0.75) ? Date.UTC(2019, 0, 1) + rand.int(0, 1400) * DAY : start + rand.int(0, 720) * DAY;
      const id = products.length + 1;
      products.push({
        id, sku: `${top.slice(0, 3).toUpperCase()}-${row.name.replace(/[^A-Za-z]/g, '').slice(0, 3).toUpperCase()}-${String(id).padStart(4, '0')}`,
        name, brand,
        category_id: row.id, unit_price: money(priceCents), unit_cost: money(priceCents * (0.45 + rand.next() * 0.2)),
        weight_grams: rand.chance(0.95) ? Math.round(grams * (0.8 + rand.next() * 0.4)) : null,
        launched_on: isoDate(launch), is_active: rand.chance(0.93) ? 1 : 0,
      });
      popularity.set(id, Math.pow(rand.next(), 2.2) * 10 + 0.2);
    }
  }
  // A handful of products are never ordered: good material for "which products never sold?".
  const neverOrdered = new Set<number>();
  while (neverOrdered.size < 12) neverOrdered.add(rand.int(1, products.length));

  const productSuppliers: SampleRow[] = [];
  for (const p of products) {
    const count = rand.weighted([[1, 5], [2, 4], [3, 1]]);
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(rand.int(1, suppliers.length));
    [...chosen].sort((a, b) => a - b).forEach((supplierId, i) => productSuppliers.push({
      product_id: p.id, supplier_id: supplierId, supply_price: money(p.unit_cost * 100 * (0.92 + rand.next() * 0.12)),
      lead_time_days: rand.int(3, 45), is_preferred: i === 0 ? 1 : 0,
    }));
  }

  // Stores, then employees: a CEO, regional managers, one manager per location, staff reporting to them.
  const stores: Store[] = storeSpecs.map(([name, kind, city, state, country, opened], i) => ({ id: i + 1, name, kind, city, state, country, opened_on: opened, manager_id: null }));
  const employees: Employee[] = [];
  const emails = new Set<string>();
  const person = (domain: string) => {
    for (;;) {
      const first = rand.pick(firstNames), last = rand.pick(lastNames);
      const email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `@${domain}`;
      if (!emails.has(email)) {
        emails.add(email);
        return { first, last, email };
      }
    }
  };
  const hire = (title: string, storeId: number | null, managerId: number | null, salaryLo: number, salaryHi: number, hiredAfter: string) => {
    const p = person('harborandpine.example');
    const id = employees.length + 1;
    employees.push({
      id, first_name: p.first, last_name: p.last, email: p.email, job_title: title, store_id: storeId, manager_id: managerId,
      hire_date: isoDate(Date.parse(hiredAfter) + rand.int(0, Math.max(1, Math.floor((end - 200 * DAY - Date.parse(hiredAfter)) / DAY))) * DAY),
      annual_salary: rand.int(salaryLo / 500, salaryHi / 500) * 500,
    });
    return id;
  };
  const ceo = hire('Chief Executive Officer', null, null, 240000, 300000, '2015-06-01');
  employees[ceo - 1].hire_date = '2015-06-01';
  const retailDirector = hire('Director of Retail', null, ceo, 150000, 190000, '2016-01-01');
  const opsDirector = hire('Director of Operations', null, ceo, 150000, 190000, '2016-01-01');
  const serviceLead = hire('Customer Service Lead', null, opsDirector, 65000, 80000, '2018-01-01');
  const serviceReps = [serviceLead];
  for (let i = 0; i < 5; i++) serviceReps.push(hire('Customer Service Representative', null, serviceLead, 42000, 52000, '2019-01-01'));
  const storeStaff = new Map<number, number[]>();
  for (const s of stores) {
    const retail = s.kind === 'retail';
    const manager = hire(retail ? 'Store Manager' : 'Warehouse Manager', s.id, retail ? retailDirector : opsDirector, 70000, 95000, s.opened_on);
    s.manager_id = manager;
    const staff = [manager];
    const size = retail ? rand.int(4, 7) : rand.int(5, 8);
    for (let i = 0; i < size; i++) staff.push(hire(retail ? rand.weighted([['Sales Associate', 4], ['Assistant Store Manager', 1]]) : 'Warehouse Associate', s.id, manager, 38000, 58000, s.opened_on));
    storeStaff.set(s.id, staff);
  }

  // Customers sign up over time; each has an activity weight so a few are big spenders.
  const customers: Customer[] = [];
  const customerEmails = new Set<string>();
  const activity = new Map<number, number>();
  for (let i = 1; i <= 800; i++) {
    const first = rand.pick(firstNames), last = rand.pick(lastNames);
    let email: string;
    do email = `${first}.${last}${rand.chance(0.6) ? rand.int(1, 999) : ''}`.toLowerCase().replace(/[^a-z0-9.]/g, '') + `@${rand.pick(['mail.example', 'inbox.example', 'post.example', 'webmail.example'])}`;
    while (customerEmails.has(email));
    customerEmails.add(email);
    const signup = rand.chance(0.35) ? Date.UTC(2021, 0, 1) + rand.int(0, 729) * DAY : start + Math.floor(Math.pow(rand.next(), 0.9) * 700) * DAY;
    customers.push({
      id: i, first_name: first, last_name: last, email,
      phone: rand.chance(0.8) ? `+1 ${rand.int(200, 989)}-${rand.int(200, 999)}-${String(rand.int(0, 9999)).padStart(4, '0')}` : null,
      birth_date: rand.chance(0.7) ? isoDate(Date.UTC(1950, 0, 1) + rand.int(0, 365 * 55) * DAY) : null,
      signup_date: isoDate(signup),
      loyalty_tier: rand.weighted([['bronze', 55], ['silver', 28], ['gold', 13], ['platinum', 4]]),
      marketing_opt_in: rand.chance(0.55) ? 1 : 0,
    });
    activity.set(i, Math.pow(rand.next(), 2.5) * 16 + 1);
  }

  const addresses: Address[] = [];
  const shippingAddress = new Map<number, number>();
  for (const c of customers) {
    const [city, state, country, zip] = rand.pick(places);
    const make = (type: string, isDefault: boolean, placeRow: [string, string, string, string]) => {
      const [pc, ps, pco, pz] = placeRow;
      const id = addresses.length + 1;
      addresses.push({
        id, customer_id: c.id, address_type: type, street: `${rand.int(1, 9899)} ${rand.pick(streets)} ${rand.pick(streetKinds)}${rand.chance(0.2) ? ` Apt ${rand.int(1, 450)}` : ''}`,
        city: pc, state: ps, country: pco,
        postal_code: pco === 'CA' ? `${pz} ${rand.int(1, 9)}${String.fromCharCode(65 + rand.int(0, 25))}${rand.int(1, 9)}` : `${pz}${String(rand.int(0, 99)).padStart(2, '0')}`,
        is_default: isDefault ? 1 : 0,
      });
      return id;
    };
    const home: [string, string, string, string] = [city, state, country, zip];
    shippingAddress.set(c.id, make('shipping', true, home));
    if (rand.chance(0.3)) make('billing', true, home);
    if (rand.chance(0.12)) make('shipping', false, rand.pick(places));
  }

  // Orders: count per customer from its activity; dates between signup and the end, busier in Nov/Dec and in 2024.
  const drafts: { customer_id: number; when: number }[] = [];
  const retailStores = stores.filter((s) => s.kind === 'retail');
  const orderable = products.filter((p) => !neverOrdered.has(p.id));
  for (const c of customers) {
    const from = Math.max(start, Date.parse(c.signup_date));
    const span = (end - from) / DAY;
    const count = Math.max(0, Math.round(activity.get(c.id)! * (span / 730) * (0.6 + rand.next())));
    for (let k = 0; k < count; k++) {
      let when: number;
      for (;;) {
        when = from + Math.floor(rand.next() * span * DAY);
        const d = new Date(when);
        const season = [0.8, 0.7, 0.85, 0.9, 1, 0.95, 0.9, 0.95, 1, 1.05, 1.5, 1.9][d.getUTCMonth()];
        const growth = d.getUTCFullYear() === 2024 ? 1.25 : 1;
        if (rand.next() * 2.4 < season * growth) break;
      }
      drafts.push({ customer_id: c.id, when: Math.floor(when / 1000) * 1000 });
    }
  }
  drafts.sort((a, b) => a.when - b.when || a.customer_id - b.customer_id);

  const orders: SampleRow[] = [];
  const orderItems: SampleRow[] = [];
  const payments: SampleRow[] = [];
  const shipments: SampleRow[] = [];
  const reviews: (SampleRow & { id: number; created_at: string })[] = [];
  const withPopularity = (list: Product[]) => list.map((p): [Product, number] => [p, popularity.get(p.id)!]);
  const carriersUS = ['UPS', 'FedEx', 'USPS'];
  const reviewed = new Set<string>();
  for (const draft of drafts) {
    const id = orders.length + 1;
    const channel = rand.weighted([['web', 62], ['store', 30], ['phone', 8]]);
    const openStores = retailStores.filter((s) => Date.parse(s.opened_on) <= draft.when);
    const store = channel === 'store' ? rand.pick(openStores) : null;
    const createdBy = store ? rand.pick(storeStaff.get(store.id)!) : channel === 'phone' ? rand.pick(serviceReps) : null;
    const ageDays = (end - draft.when) / DAY;
    let status: string;
    if (channel === 'store') status = rand.chance(0.02) ? 'refunded' : 'delivered';
    else if (ageDays < 2) status = rand.weighted([['pending', 2], ['paid', 3]]);
    else if (ageDays < 6) status = rand.weighted([['paid', 1], ['shipped', 4], ['cancelled', 0.2]]);
    else status = rand.weighted([['delivered', 90], ['cancelled', 4], ['refunded', 3]]);

    // Discontinued products (is_active = 0) stopped selling in mid-2024.
    const available = withPopularity(orderable.filter((p) => Date.parse(p.launched_on) <= draft.when && (p.is_active || draft.when < Date.UTC(2024, 6, 1))));
    const lines = rand.weighted([[1, 35], [2, 30], [3, 18], [4, 10], [5, 7]]);
    const chosen = new Set<number>();
    let subtotal = 0;
    for (let l = 0; l < lines; l++) {
      const p = rand.weighted(available);
      if (chosen.has(p.id)) continue;
      chosen.add(p.id);
      // Prices rose about 4% at the start of 2024; order lines keep the price paid at the time.
      const priceCents = Math.round(p.unit_price * 100 / (draft.when < Date.UTC(2024, 0, 1) ? 1.04 : 1));
      const quantity = rand.weighted([[1, 70], [2, 20], [3, 7], [4, 3]]);
      const month = new Date(draft.when).getUTCMonth();
      const discount = rand.weighted([[0, 75], [10, 10], [15, 6], [20, month === 10 ? 14 : 4], [25, month === 10 ? 8 : 1]]);
      const lineCents = Math.round(priceCents * quantity * (100 - discount) / 100);
      subtotal += lineCents;
      orderItems.push({ id: orderItems.length + 1, order_id: id, product_id: p.id, quantity, unit_price: money(priceCents), discount_percent: discount, line_total: money(lineCents) });
    }
    const shippingFee = channel === 'store' || subtotal >= 7500 ? 0 : subtotal >= 3500 ? 599 : 899;
    const tax = Math.round(subtotal * 0.0825);
    const total = subtotal + shippingFee + tax;
    orders.push({
      id, customer_id: draft.customer_id, order_date: isoTime(draft.when), channel, status,
      store_id: store ? store.id : null, created_by: createdBy,
      shipping_address_id: channel === 'store' ? null : shippingAddress.get(draft.customer_id)!,
      subtotal: money(subtotal), shipping_fee: money(shippingFee), tax_amount: money(tax), total_amount: money(total),
    });

    if (status !== 'pending' && status !== 'cancelled') {
      const paidAt = draft.when + rand.int(0, 600) * 1000;
      const method = channel === 'store' ? rand.weighted([['card', 75], ['cash', 20], ['gift_card', 5]]) : rand.weighted([['card', 70], ['paypal', 25], ['gift_card', 5]]);
      if (method !== 'gift_card' && rand.chance(0.05) && total > 2000) {
        payments.push({ id: payments.length + 1, order_id: id, paid_at: isoTime(paidAt), method: 'gift_card', amount: money(2000), status: 'captured' });
        payments.push({ id: payments.length + 1, order_id: id, paid_at: isoTime(paidAt), method, amount: money(total - 2000), status: 'captured' });
      } else {
        payments.push({ id: payments.length + 1, order_id: id, paid_at: isoTime(paidAt), method, amount: money(total), status: 'captured' });
      }
      if (status === 'refunded') {
        payments.push({ id: payments.length + 1, order_id: id, paid_at: isoTime(Math.min(end - 1000, paidAt + rand.int(5, 30) * DAY)), method, amount: money(-total), status: 'refunded' });
      }
    }

    let deliveredAt = channel === 'store' ? draft.when : null;
    if (channel !== 'store' && ['shipped', 'delivered', 'refunded'].includes(status)) {
      const warehouses = stores.filter((s) => s.kind === 'warehouse' && Date.parse(s.opened_on) <= draft.when);
      const from = rand.pick(warehouses);
      const address = addresses[shippingAddress.get(draft.customer_id)! - 1];
      const carrier = address.country === 'CA' ? rand.pick(['Canada Post', 'UPS', 'FedEx']) : rand.pick(carriersUS);
      const shippedAt = draft.when + rand.int(4, 60) * 3600_000;
      deliveredAt = status === 'shipped' ? null : Math.min(end - 1000, shippedAt + rand.int(1, 7) * DAY + rand.int(0, 36000) * 1000);
      shipments.push({
        id: shipments.length + 1, order_id: id, store_id: from.id, carrier,
        tracking_number: `${carrier.replace(/[^A-Z]/g, '')}${String(9000000000 + id * 7919 + rand.int(0, 7000)).padStart(12, '0')}`,
        shipped_at: isoTime(shippedAt), delivered_at: deliveredAt === null ? null : isoTime(deliveredAt),
      });
    }

    // Some customers review what they received, mostly positively; a product's quality shifts its ratings.
    if (deliveredAt !== null && status === 'delivered') {
      for (const productId of chosen) {
        const key = `${draft.customer_id}:${productId}`;
        if (reviewed.has(key) || !rand.chance(0.22)) continue;
        reviewed.add(key);
        const bias = (productId * 37) % 10 < 2 ? -1.3 : 0;
        const rating = Math.max(1, Math.min(5, Math.round(4.1 + bias + (rand.next() - 0.5) * 3.6)));
        const createdAt = deliveredAt + rand.int(1, 40) * DAY + rand.int(0, 80000) * 1000;
        if (createdAt >= end) continue;
        reviews.push({
          id: reviews.length + 1, product_id: productId, customer_id: draft.customer_id, rating,
          title: rand.pick(reviewTitles[rating]), body: rand.chance(0.8) ? rand.pick(reviewBodies[rating]) : null, created_at: isoTime(createdAt),
        });
      }
    }
  }
  reviews.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id)).forEach((r, i) => {
    r.id = i + 1;
  });

  // Inventory as counted at the end of 2024: warehouses stock every active product, stores a selection.
  const inventory: SampleRow[] = [];
  for (const s of stores) {
    for (const p of products) {
      if (!p.is_active) continue;
      if (s.kind === 'retail' && !rand.chance(0.45)) continue;
      const reorder = s.kind === 'warehouse' ? rand.int(20, 60) : rand.int(2, 8);
      inventory.push({ store_id: s.id, product_id: p.id, quantity_on_hand: Math.max(0, Math.round(reorder * (rand.next() * 4 - 0.3))), reorder_level: reorder, last_counted_on: isoDate(end - rand.int(1, 14) * DAY) });
    }
  }

  const rows = <T extends object>(list: T[]) => list as unknown as SampleRow[];
  return {
    categories: rows(categories), suppliers: rows(suppliers), products: rows(products), product_suppliers: productSuppliers,
    stores: rows(stores), employees: rows(employees), customers: rows(customers), addresses: rows(addresses),
    orders, order_items: orderItems, payments, shipments, reviews, inventory,
  };
}
