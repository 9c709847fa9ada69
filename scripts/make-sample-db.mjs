#!/usr/bin/env node
// Generates TableTalk's sample database: "Harbor & Pine", a shop with stores, a warehouse, a web shop and two
// years of orders (2023-2024). The data comes from a seeded PRNG, so every run writes the same rows and bytes.
// Some relationships are declared with FOREIGN KEY, others only implied by column names, so relationship
// inference has real work to do (see `sampleRelationships`).
// Usage: node scripts/make-sample-db.mjs [output.sqlite]   (default: .tabletalk-sample/shop.sqlite)
import Database from 'better-sqlite3';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultSamplePath = resolve(repoRoot, '.tabletalk-sample', 'shop.sqlite');

/** Relationships of the sample schema: `declared` have a FOREIGN KEY clause, `implied` exist only by naming. */
export const sampleRelationships = {
  declared: [
    { from: 'products.category_id', to: 'categories.id' },
    { from: 'product_suppliers.product_id', to: 'products.id' },
    { from: 'product_suppliers.supplier_id', to: 'suppliers.id' },
    { from: 'employees.store_id', to: 'stores.id' },
    { from: 'addresses.customer_id', to: 'customers.id' },
    { from: 'orders.customer_id', to: 'customers.id' },
    { from: 'order_items.order_id', to: 'orders.id' },
    { from: 'order_items.product_id', to: 'products.id' },
    { from: 'payments.order_id', to: 'orders.id' },
  ],
  implied: [
    { from: 'categories.parent_id', to: 'categories.id' },
    { from: 'stores.manager_id', to: 'employees.id' },
    { from: 'employees.manager_id', to: 'employees.id' },
    { from: 'orders.store_id', to: 'stores.id' },
    { from: 'orders.created_by', to: 'employees.id' },
    { from: 'orders.shipping_address_id', to: 'addresses.id' },
    { from: 'shipments.order_id', to: 'orders.id' },
    { from: 'shipments.store_id', to: 'stores.id' },
    { from: 'reviews.product_id', to: 'products.id' },
    { from: 'reviews.customer_id', to: 'customers.id' },
    { from: 'inventory.store_id', to: 'stores.id' },
    { from: 'inventory.product_id', to: 'products.id' },
  ],
};

const schema = `
CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  parent_id INTEGER,
  description TEXT
);
CREATE TABLE suppliers (
  id INTEGER PRIMARY KEY,
  company_name TEXT NOT NULL,
  contact_name TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  phone TEXT,
  country TEXT NOT NULL,
  payment_terms_days INTEGER NOT NULL
);
CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  brand TEXT NOT NULL,
  category_id INTEGER NOT NULL REFERENCES categories(id),
  unit_price DECIMAL(10,2) NOT NULL,
  unit_cost DECIMAL(10,2) NOT NULL,
  weight_grams INTEGER,
  launched_on DATE NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
);
CREATE TABLE product_suppliers (
  product_id INTEGER NOT NULL,
  supplier_id INTEGER NOT NULL,
  supply_price DECIMAL(10,2) NOT NULL,
  lead_time_days INTEGER NOT NULL,
  is_preferred INTEGER NOT NULL DEFAULT 0 CHECK (is_preferred IN (0, 1)),
  PRIMARY KEY (product_id, supplier_id),
  FOREIGN KEY (product_id) REFERENCES products(id),
  FOREIGN KEY (supplier_id) REFERENCES suppliers(id)
);
CREATE TABLE stores (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('retail', 'warehouse')),
  city TEXT NOT NULL,
  state TEXT NOT NULL,
  country TEXT NOT NULL,
  opened_on DATE NOT NULL,
  manager_id INTEGER
);
CREATE TABLE employees (
  id INTEGER PRIMARY KEY,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  job_title TEXT NOT NULL,
  store_id INTEGER REFERENCES stores(id),
  manager_id INTEGER,
  hire_date DATE NOT NULL,
  annual_salary DECIMAL(10,2) NOT NULL
);
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  phone TEXT,
  birth_date DATE,
  signup_date DATE NOT NULL,
  loyalty_tier TEXT NOT NULL CHECK (loyalty_tier IN ('bronze', 'silver', 'gold', 'platinum')),
  marketing_opt_in INTEGER NOT NULL CHECK (marketing_opt_in IN (0, 1))
);
CREATE TABLE addresses (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  address_type TEXT NOT NULL CHECK (address_type IN ('shipping', 'billing')),
  street TEXT NOT NULL,
  city TEXT NOT NULL,
  state TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  country TEXT NOT NULL,
  is_default INTEGER NOT NULL CHECK (is_default IN (0, 1)),
  FOREIGN KEY (customer_id) REFERENCES customers(id)
);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  order_date DATETIME NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('web', 'store', 'phone')),
  status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')),
  store_id INTEGER,
  created_by INTEGER,
  shipping_address_id INTEGER,
  subtotal DECIMAL(10,2) NOT NULL,
  shipping_fee DECIMAL(10,2) NOT NULL,
  tax_amount DECIMAL(10,2) NOT NULL,
  total_amount DECIMAL(10,2) NOT NULL
);
CREATE TABLE order_items (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price DECIMAL(10,2) NOT NULL,
  discount_percent INTEGER NOT NULL DEFAULT 0,
  line_total DECIMAL(10,2) NOT NULL
);
CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  paid_at DATETIME NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('card', 'paypal', 'gift_card', 'cash')),
  amount DECIMAL(10,2) NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('captured', 'refunded'))
);
CREATE TABLE shipments (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL,
  store_id INTEGER NOT NULL,
  carrier TEXT NOT NULL,
  tracking_number TEXT NOT NULL UNIQUE,
  shipped_at DATETIME NOT NULL,
  delivered_at DATETIME
);
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title TEXT NOT NULL,
  body TEXT,
  created_at DATETIME NOT NULL
);
CREATE TABLE inventory (
  store_id INTEGER NOT NULL,
  product_id INTEGER NOT NULL,
  quantity_on_hand INTEGER NOT NULL,
  reorder_level INTEGER NOT NULL,
  last_counted_on DATE NOT NULL,
  PRIMARY KEY (store_id, product_id)
);
CREATE INDEX orders_customer_id ON orders(customer_id);
CREATE INDEX orders_order_date ON orders(order_date);
CREATE INDEX order_items_order_id ON order_items(order_id);
CREATE INDEX order_items_product_id ON order_items(product_id);
CREATE INDEX reviews_product_id ON reviews(product_id);
`;

// mulberry32: small, fast and good enough for sample data; the seed makes every run identical.
function makeRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const weighted = (pairs) => {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [value, w] of pairs) if ((r -= w) < 0) return value;
    return pairs[pairs.length - 1][0];
  };
  return { next, int, pick, weighted, chance: (p) => next() < p };
}

const DAY = 86_400_000;
const start = Date.UTC(2023, 0, 1);
const end = Date.UTC(2025, 0, 1); // exclusive
const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);
const isoTime = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const money = (cents) => Math.round(cents) / 100;

const firstNames = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Daniel', 'Karen', 'Matthew', 'Emily', 'Anthony', 'Olivia',
  'Mark', 'Emma', 'Carlos', 'Sofia', 'Luis', 'Isabella', 'Wei', 'Li', 'Jun', 'Mei', 'Hao', 'Xiaoling', 'Yan', 'Jing',
  'Hiroshi', 'Yuki', 'Min-jun', 'Ji-woo', 'Arjun', 'Priya', 'Rahul', 'Ananya', 'Noah', 'Ava', 'Liam', 'Mia', 'Lucas',
  'Chloe', 'Ethan', 'Grace', 'Mateo', 'Lucia', 'Omar', 'Fatima', 'Lars', 'Ingrid', 'Pierre', 'Camille', 'Tomasz', 'Anna',
];
const lastNames = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris',
  'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Nguyen', 'Wang', 'Zhang',
  'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Sun', 'Tanaka', 'Sato', 'Kim', 'Park', 'Patel', 'Singh', 'Sharma',
  'Murphy', "O'Brien", 'Kowalski', 'Novak', 'Schmidt', 'Muller', 'Dubois', 'Rossi', 'Silva', 'Costa', 'Hansen', 'Berg',
];
const places = [
  ['Seattle', 'WA', 'US', '981'], ['Portland', 'OR', 'US', '972'], ['San Francisco', 'CA', 'US', '941'],
  ['Los Angeles', 'CA', 'US', '900'], ['San Diego', 'CA', 'US', '921'], ['Denver', 'CO', 'US', '802'],
  ['Austin', 'TX', 'US', '787'], ['Chicago', 'IL', 'US', '606'], ['Boston', 'MA', 'US', '021'],
  ['New York', 'NY', 'US', '100'], ['Minneapolis', 'MN', 'US', '554'], ['Salt Lake City', 'UT', 'US', '841'],
  ['Boise', 'ID', 'US', '837'], ['Spokane', 'WA', 'US', '992'], ['Tacoma', 'WA', 'US', '984'], ['Eugene', 'OR', 'US', '974'],
  ['Vancouver', 'BC', 'CA', 'V6B'], ['Victoria', 'BC', 'CA', 'V8W'], ['Calgary', 'AB', 'CA', 'T2P'], ['Toronto', 'ON', 'CA', 'M5V'],
];
const streets = ['Maple', 'Oak', 'Cedar', 'Pine', 'Elm', 'Lake', 'Hill', 'Park', 'Main', 'Harbor', 'River', 'Sunset', 'Union', 'Madison', 'Jefferson', 'Broadway', 'Alder', 'Willow'];
const streetKinds = ['St', 'Ave', 'Blvd', 'Rd', 'Way', 'Ln', 'Dr', 'Ct'];

// Category tree and, per sub-category, [item name, low price, high price, grams].
const catalog = {
  Kitchen: {
    Cookware: [['Cast Iron Skillet', 29, 89, 2600], ['Nonstick Frying Pan', 24, 69, 1100], ['Dutch Oven', 59, 249, 5200], ['Stainless Saucepan', 35, 99, 1400], ['Stock Pot', 39, 129, 2300]],
    'Coffee & Tea': [['Pour-Over Dripper', 18, 45, 350], ['French Press', 22, 59, 800], ['Burr Coffee Grinder', 49, 189, 1900], ['Gooseneck Kettle', 35, 119, 900], ['Loose Leaf Tea Set', 15, 49, 600]],
    Knives: [["Chef's Knife", 39, 179, 250], ['Paring Knife', 12, 49, 90], ['Bread Knife', 25, 89, 200], ['Knife Block Set', 89, 349, 3100], ['Whetstone', 19, 59, 700]],
  },
  Outdoor: {
    Camping: [['Two-Person Tent', 129, 399, 2300], ['Sleeping Bag', 79, 299, 1200], ['Camp Stove', 39, 149, 900], ['Headlamp', 19, 69, 110], ['Insulated Water Bottle', 19, 45, 450]],
    Hiking: [['Daypack 24L', 49, 139, 800], ['Trekking Poles', 39, 159, 500], ['Hydration Bladder', 25, 55, 250], ['Trail Map Case', 9, 25, 80], ['First Aid Kit', 19, 59, 400]],
    Cycling: [['Bike Helmet', 45, 189, 350], ['Bike Light Set', 25, 89, 200], ['Cycling Gloves', 19, 49, 100], ['Mini Pump', 19, 49, 150], ['U-Lock', 35, 99, 1300]],
  },
  Home: {
    Bedding: [['Linen Duvet Cover', 89, 259, 1500], ['Cotton Sheet Set', 59, 179, 1400], ['Down Pillow', 39, 119, 900], ['Wool Throw Blanket', 49, 149, 1100], ['Weighted Blanket', 79, 199, 6800]],
    Lighting: [['Desk Lamp', 29, 129, 1300], ['Floor Lamp', 69, 249, 4200], ['LED Bulb 4-Pack', 12, 29, 250], ['String Lights', 15, 45, 400], ['Table Lamp', 35, 149, 1800]],
    Decor: [['Ceramic Vase', 19, 79, 900], ['Wall Mirror', 49, 199, 3500], ['Picture Frame Set', 25, 69, 1200], ['Scented Candle', 12, 39, 400], ['Throw Pillow Cover', 15, 39, 200]],
  },
  Electronics: {
    Audio: [['Wireless Earbuds', 49, 249, 60], ['Over-Ear Headphones', 79, 349, 280], ['Bluetooth Speaker', 39, 199, 700], ['Soundbar', 129, 449, 3200], ['Portable Radio', 29, 89, 500]],
    'Phone Accessories': [['USB-C Charger 65W', 25, 69, 150], ['Power Bank 10000mAh', 25, 79, 220], ['Phone Case', 15, 49, 40], ['Wireless Charging Pad', 19, 59, 180], ['Car Phone Mount', 15, 39, 120]],
    'Smart Home': [['Smart Plug 2-Pack', 19, 45, 200], ['Video Doorbell', 79, 229, 400], ['Smart Thermostat', 119, 279, 500], ['Indoor Camera', 35, 119, 250], ['Smart Light Strip', 29, 89, 300]],
  },
  Apparel: {
    Jackets: [['Rain Jacket', 79, 299, 450], ['Down Jacket', 129, 399, 650], ['Fleece Jacket', 49, 159, 500], ['Softshell Jacket', 89, 249, 600], ['Insulated Vest', 59, 179, 350]],
    Footwear: [['Trail Running Shoes', 89, 179, 700], ['Hiking Boots', 119, 279, 1200], ['Camp Sandals', 39, 99, 500], ['Wool Socks 3-Pack', 19, 45, 250], ['Winter Boots', 99, 249, 1500]],
    Accessories: [['Merino Beanie', 19, 49, 80], ['Sun Hat', 19, 59, 120], ['Leather Belt', 29, 89, 200], ['Touchscreen Gloves', 19, 49, 100], ['Canvas Tote Bag', 15, 45, 300]],
  },
};
const brands = ['Harbor & Pine', 'Northfield', 'Cascade Works', 'Ember & Oak', 'Bluecrest', 'Summit Supply', 'Lumen Co', 'Tidewater', 'Ironbark', 'Kestrel'];
const variants = ['Classic', 'Pro', 'Lite', 'Plus', 'Everyday', 'Expedition', 'Compact', 'Deluxe'];
const supplierNames = [
  'Pacific Rim Trading', 'Evergreen Wholesale', 'Summit Outdoor Distribution', 'Great Lakes Housewares', 'Shenzhen Brightway Electronics',
  'Ningbo Homestyle Manufacturing', 'Guangzhou Pearl Textiles', 'Vietnam Coastal Apparel', 'Nordic Design Supply', 'Bavaria Kitchen GmbH',
  'Maple Leaf Goods', 'Sierra Components', 'Redwood Craft Co', 'Yangtze Metalworks', 'Osaka Precision Tools', 'Busan Trade Partners',
  'Lisbon Cork & Textile', 'Andes Wool Cooperative', 'Midwest Packaging', 'Golden Gate Imports', 'Atlas Lighting', 'Kunming Tea Collective',
  'Taipei Smart Devices', 'Portland Leatherworks', 'Coastal Ceramics',
];
const supplierCountries = ['US', 'US', 'US', 'US', 'CN', 'CN', 'CN', 'VN', 'SE', 'DE', 'CA', 'US', 'US', 'CN', 'JP', 'KR', 'PT', 'PE', 'US', 'US', 'US', 'CN', 'TW', 'US', 'US'];

const storeSpecs = [
  ['Seattle Flagship', 'retail', 'Seattle', 'WA', 'US', '2016-04-02'],
  ['Portland Pearl District', 'retail', 'Portland', 'OR', 'US', '2018-09-15'],
  ['San Francisco Union Square', 'retail', 'San Francisco', 'CA', 'US', '2019-05-11'],
  ['Denver Larimer', 'retail', 'Denver', 'CO', 'US', '2021-03-20'],
  ['Vancouver Gastown', 'retail', 'Vancouver', 'BC', 'CA', '2022-06-04'],
  ['Austin South Congress', 'retail', 'Austin', 'TX', 'US', '2023-08-26'],
  ['Kent Distribution Center', 'warehouse', 'Kent', 'WA', 'US', '2017-01-09'],
  ['Reno Distribution Center', 'warehouse', 'Reno', 'NV', 'US', '2021-10-01'],
];
const reviewTitles = {
  5: ['Love it', 'Exactly what I needed', 'Excellent quality', 'Worth every penny', 'Best purchase this year'],
  4: ['Very good', 'Solid choice', 'Happy with it', 'Great, with one small issue', 'Good value'],
  3: ['It is okay', 'Does the job', 'Average', 'Mixed feelings', 'Fine for the price'],
  2: ['Disappointing', 'Not as described', 'Quality could be better', 'Expected more'],
  1: ['Broke quickly', 'Would not buy again', 'Poor quality', 'Returned it'],
};
const reviewBodies = {
  5: ['Great build quality and it arrived quickly.', 'Use it every day, no complaints at all.', 'Bought a second one as a gift.'],
  4: ['Works well; the packaging could be better.', 'Good product, slightly pricier than I hoped.', 'Does everything I need.'],
  3: ['Nothing special but it works.', 'Smaller than I expected.', 'Okay, but the instructions were confusing.'],
  2: ['Stopped working properly after a few weeks.', 'The color looks different from the photos.', 'Feels cheaper than the price suggests.'],
  1: ['Arrived damaged and support was slow.', 'Fell apart after two uses.', 'Does not work as advertised.'],
};

function generate(rand) {
  const t = {};

  // Categories: top level first, then sub-categories pointing at them through parent_id.
  t.categories = [];
  const subCategories = [];
  for (const top of Object.keys(catalog)) t.categories.push({ id: t.categories.length + 1, name: top, parent_id: null, description: `All ${top.toLowerCase()} products` });
  for (const [top, subs] of Object.entries(catalog)) {
    const parent = t.categories.find((c) => c.name === top);
    for (const [sub, items] of Object.entries(subs)) {
      const row = { id: t.categories.length + 1, name: sub, parent_id: parent.id, description: `${sub} (${top})` };
      t.categories.push(row);
      subCategories.push({ row, top, items });
    }
  }

  t.suppliers = supplierNames.map((company, i) => {
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
  t.products = [];
  const popularity = new Map();
  for (const { row, top, items } of subCategories) {
    const used = new Set();
    for (let n = 0; n < 16; n++) {
      let name, item, brand;
      do {
        item = rand.pick(items);
        brand = rand.pick(brands);
        name = `${brand} ${item[0]} ${rand.pick(variants)}`;
      } while (used.has(name));
      used.add(name);
      const [, lo, hi, grams] = item;
      const priceCents = (rand.int(lo, hi) * 100) - 1; // x.99 prices
      const launch = rand.chance(0.75) ? Date.UTC(2019, 0, 1) + rand.int(0, 1400) * DAY : start + rand.int(0, 720) * DAY;
      const id = t.products.length + 1;
      t.products.push({
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
  const neverOrdered = new Set();
  while (neverOrdered.size < 12) neverOrdered.add(rand.int(1, t.products.length));

  t.product_suppliers = [];
  for (const p of t.products) {
    const count = rand.weighted([[1, 5], [2, 4], [3, 1]]);
    const chosen = new Set();
    while (chosen.size < count) chosen.add(rand.int(1, t.suppliers.length));
    [...chosen].sort((a, b) => a - b).forEach((supplierId, i) => t.product_suppliers.push({
      product_id: p.id, supplier_id: supplierId, supply_price: money(p.unit_cost * 100 * (0.92 + rand.next() * 0.12)),
      lead_time_days: rand.int(3, 45), is_preferred: i === 0 ? 1 : 0,
    }));
  }

  // Stores, then employees: a CEO, regional managers, one manager per location, staff reporting to them.
  t.stores = storeSpecs.map(([name, kind, city, state, country, opened], i) => ({ id: i + 1, name, kind, city, state, country, opened_on: opened, manager_id: null }));
  t.employees = [];
  const emails = new Set();
  const person = (domain) => {
    for (;;) {
      const first = rand.pick(firstNames), last = rand.pick(lastNames);
      const email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `@${domain}`;
      if (!emails.has(email)) { emails.add(email); return { first, last, email }; }
    }
  };
  const hire = (title, storeId, managerId, salaryLo, salaryHi, hiredAfter) => {
    const p = person('harborandpine.example');
    const id = t.employees.length + 1;
    t.employees.push({
      id, first_name: p.first, last_name: p.last, email: p.email, job_title: title, store_id: storeId, manager_id: managerId,
      hire_date: isoDate(Date.parse(hiredAfter) + rand.int(0, Math.max(1, Math.floor((end - 200 * DAY - Date.parse(hiredAfter)) / DAY))) * DAY),
      annual_salary: rand.int(salaryLo / 500, salaryHi / 500) * 500,
    });
    return id;
  };
  const ceo = hire('Chief Executive Officer', null, null, 240000, 300000, '2015-06-01');
  t.employees[ceo - 1].hire_date = '2015-06-01';
  const retailDirector = hire('Director of Retail', null, ceo, 150000, 190000, '2016-01-01');
  const opsDirector = hire('Director of Operations', null, ceo, 150000, 190000, '2016-01-01');
  const serviceLead = hire('Customer Service Lead', null, opsDirector, 65000, 80000, '2018-01-01');
  const serviceReps = [serviceLead];
  for (let i = 0; i < 5; i++) serviceReps.push(hire('Customer Service Representative', null, serviceLead, 42000, 52000, '2019-01-01'));
  const storeStaff = new Map();
  for (const s of t.stores) {
    const retail = s.kind === 'retail';
    const manager = hire(retail ? 'Store Manager' : 'Warehouse Manager', s.id, retail ? retailDirector : opsDirector, 70000, 95000, s.opened_on);
    s.manager_id = manager;
    const staff = [manager];
    const size = retail ? rand.int(4, 7) : rand.int(5, 8);
    for (let i = 0; i < size; i++) staff.push(hire(retail ? rand.weighted([['Sales Associate', 4], ['Assistant Store Manager', 1]]) : 'Warehouse Associate', s.id, manager, 38000, 58000, s.opened_on));
    storeStaff.set(s.id, staff);
  }

  // Customers sign up over time; each has an activity weight so a few are big spenders.
  t.customers = [];
  const customerEmails = new Set();
  const activity = new Map();
  for (let i = 1; i <= 800; i++) {
    const first = rand.pick(firstNames), last = rand.pick(lastNames);
    let email;
    do email = `${first}.${last}${rand.chance(0.6) ? rand.int(1, 999) : ''}`.toLowerCase().replace(/[^a-z0-9.]/g, '') + `@${rand.pick(['mail.example', 'inbox.example', 'post.example', 'webmail.example'])}`;
    while (customerEmails.has(email));
    customerEmails.add(email);
    const signup = rand.chance(0.35) ? Date.UTC(2021, 0, 1) + rand.int(0, 729) * DAY : start + Math.floor(Math.pow(rand.next(), 0.9) * 700) * DAY;
    t.customers.push({
      id: i, first_name: first, last_name: last, email,
      phone: rand.chance(0.8) ? `+1 ${rand.int(200, 989)}-${rand.int(200, 999)}-${String(rand.int(0, 9999)).padStart(4, '0')}` : null,
      birth_date: rand.chance(0.7) ? isoDate(Date.UTC(1950, 0, 1) + rand.int(0, 365 * 55) * DAY) : null,
      signup_date: isoDate(signup),
      loyalty_tier: rand.weighted([['bronze', 55], ['silver', 28], ['gold', 13], ['platinum', 4]]),
      marketing_opt_in: rand.chance(0.55) ? 1 : 0,
    });
    activity.set(i, Math.pow(rand.next(), 2.5) * 16 + 1);
  }

  t.addresses = [];
  const shippingAddress = new Map();
  for (const c of t.customers) {
    const [city, state, country, zip] = rand.pick(places);
    const make = (type, isDefault, placeRow) => {
      const [pc, ps, pco, pz] = placeRow;
      const id = t.addresses.length + 1;
      t.addresses.push({
        id, customer_id: c.id, address_type: type, street: `${rand.int(1, 9899)} ${rand.pick(streets)} ${rand.pick(streetKinds)}${rand.chance(0.2) ? ` Apt ${rand.int(1, 450)}` : ''}`,
        city: pc, state: ps, country: pco,
        postal_code: pco === 'CA' ? `${pz} ${rand.int(1, 9)}${String.fromCharCode(65 + rand.int(0, 25))}${rand.int(1, 9)}` : `${pz}${String(rand.int(0, 99)).padStart(2, '0')}`,
        is_default: isDefault ? 1 : 0,
      });
      return id;
    };
    const home = [city, state, country, zip];
    shippingAddress.set(c.id, make('shipping', true, home));
    if (rand.chance(0.3)) make('billing', true, home);
    if (rand.chance(0.12)) make('shipping', false, rand.pick(places));
  }

  // Orders: count per customer from its activity; dates between signup and the end, busier in Nov/Dec and in 2024.
  const drafts = [];
  const retailStores = t.stores.filter((s) => s.kind === 'retail');
  const orderable = t.products.filter((p) => !neverOrdered.has(p.id));
  for (const c of t.customers) {
    const from = Math.max(start, Date.parse(c.signup_date));
    const span = (end - from) / DAY;
    const count = Math.max(0, Math.round(activity.get(c.id) * (span / 730) * (0.6 + rand.next())));
    for (let k = 0; k < count; k++) {
      let when;
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

  t.orders = [];
  t.order_items = [];
  t.payments = [];
  t.shipments = [];
  t.reviews = [];
  const popularityTotal = (list) => list.map((p) => [p, popularity.get(p.id)]);
  const carriersUS = ['UPS', 'FedEx', 'USPS'];
  const reviewed = new Set();
  for (const draft of drafts) {
    const id = t.orders.length + 1;
    const channel = rand.weighted([['web', 62], ['store', 30], ['phone', 8]]);
    const openStores = retailStores.filter((s) => Date.parse(s.opened_on) <= draft.when);
    const store = channel === 'store' ? rand.pick(openStores) : null;
    const createdBy = channel === 'store' ? rand.pick(storeStaff.get(store.id)) : channel === 'phone' ? rand.pick(serviceReps) : null;
    const ageDays = (end - draft.when) / DAY;
    let status;
    if (channel === 'store') status = rand.chance(0.02) ? 'refunded' : 'delivered';
    else if (ageDays < 2) status = rand.weighted([['pending', 2], ['paid', 3]]);
    else if (ageDays < 6) status = rand.weighted([['paid', 1], ['shipped', 4], ['cancelled', 0.2]]);
    else status = rand.weighted([['delivered', 90], ['cancelled', 4], ['refunded', 3]]);

    // Discontinued products (is_active = 0) stopped selling in mid-2024.
    const available = popularityTotal(orderable.filter((p) => Date.parse(p.launched_on) <= draft.when && (p.is_active || draft.when < Date.UTC(2024, 6, 1))));
    const lines = rand.weighted([[1, 35], [2, 30], [3, 18], [4, 10], [5, 7]]);
    const chosen = new Set();
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
      t.order_items.push({ id: t.order_items.length + 1, order_id: id, product_id: p.id, quantity, unit_price: money(priceCents), discount_percent: discount, line_total: money(lineCents) });
    }
    const shippingFee = channel === 'store' || subtotal >= 7500 ? 0 : subtotal >= 3500 ? 599 : 899;
    const tax = Math.round(subtotal * 0.0825);
    const total = subtotal + shippingFee + tax;
    t.orders.push({
      id, customer_id: draft.customer_id, order_date: isoTime(draft.when), channel, status,
      store_id: store ? store.id : null, created_by: createdBy,
      shipping_address_id: channel === 'store' ? null : shippingAddress.get(draft.customer_id),
      subtotal: money(subtotal), shipping_fee: money(shippingFee), tax_amount: money(tax), total_amount: money(total),
    });

    if (status !== 'pending' && status !== 'cancelled') {
      const paidAt = draft.when + rand.int(0, 600) * 1000;
      const method = channel === 'store' ? rand.weighted([['card', 75], ['cash', 20], ['gift_card', 5]]) : rand.weighted([['card', 70], ['paypal', 25], ['gift_card', 5]]);
      if (method !== 'gift_card' && rand.chance(0.05) && total > 2000) {
        t.payments.push({ id: t.payments.length + 1, order_id: id, paid_at: isoTime(paidAt), method: 'gift_card', amount: money(2000), status: 'captured' });
        t.payments.push({ id: t.payments.length + 1, order_id: id, paid_at: isoTime(paidAt), method, amount: money(total - 2000), status: 'captured' });
      } else {
        t.payments.push({ id: t.payments.length + 1, order_id: id, paid_at: isoTime(paidAt), method, amount: money(total), status: 'captured' });
      }
      if (status === 'refunded') {
        t.payments.push({ id: t.payments.length + 1, order_id: id, paid_at: isoTime(Math.min(end - 1000, paidAt + rand.int(5, 30) * DAY)), method, amount: money(-total), status: 'refunded' });
      }
    }

    let deliveredAt = channel === 'store' ? draft.when : null;
    if (channel !== 'store' && ['shipped', 'delivered', 'refunded'].includes(status)) {
      const warehouses = t.stores.filter((s) => s.kind === 'warehouse' && Date.parse(s.opened_on) <= draft.when);
      const from = rand.pick(warehouses);
      const address = t.addresses[shippingAddress.get(draft.customer_id) - 1];
      const carrier = address.country === 'CA' ? rand.pick(['Canada Post', 'UPS', 'FedEx']) : rand.pick(carriersUS);
      const shippedAt = draft.when + rand.int(4, 60) * 3600_000;
      deliveredAt = status === 'shipped' ? null : Math.min(end - 1000, shippedAt + rand.int(1, 7) * DAY + rand.int(0, 36000) * 1000);
      t.shipments.push({
        id: t.shipments.length + 1, order_id: id, store_id: from.id, carrier,
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
        t.reviews.push({
          id: t.reviews.length + 1, product_id: productId, customer_id: draft.customer_id, rating,
          title: rand.pick(reviewTitles[rating]), body: rand.chance(0.8) ? rand.pick(reviewBodies[rating]) : null, created_at: isoTime(createdAt),
        });
      }
    }
  }
  t.reviews.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id)).forEach((r, i) => { r.id = i + 1; });

  // Inventory as counted at the end of 2024: warehouses stock every active product, stores a selection.
  t.inventory = [];
  for (const s of t.stores) {
    for (const p of t.products) {
      if (!p.is_active) continue;
      if (s.kind === 'retail' && !rand.chance(0.45)) continue;
      const reorder = s.kind === 'warehouse' ? rand.int(20, 60) : rand.int(2, 8);
      t.inventory.push({ store_id: s.id, product_id: p.id, quantity_on_hand: Math.max(0, Math.round(reorder * (rand.next() * 4 - 0.3))), reorder_level: reorder, last_counted_on: isoDate(end - rand.int(1, 14) * DAY) });
    }
  }
  return t;
}

const insertOrder = ['categories', 'suppliers', 'products', 'product_suppliers', 'stores', 'employees', 'customers', 'addresses', 'orders', 'order_items', 'payments', 'shipments', 'reviews', 'inventory'];

/**
 * Writes the sample database to `path` (replacing any file there) and returns the row count of each table.
 * It is built in a temporary file next to `path` and renamed into place, so a reader never sees half a database.
 */
export function makeSampleDb(path = defaultSamplePath) {
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  const tables = generate(makeRandom(20240607));
  let db;
  try {
    db = new Database(temp);
    db.pragma('foreign_keys = ON');
    db.exec(schema);
    db.transaction(() => {
      for (const name of insertOrder) {
        const rows = tables[name];
        const cols = Object.keys(rows[0]);
        const insert = db.prepare(`INSERT INTO ${name} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
        for (const row of rows) insert.run(row);
      }
    })();
    db.close();
    renameSync(temp, target);
  } catch (e) {
    if (db?.open) db.close();
    rmSync(temp, { force: true });
    throw e;
  }
  return { path: target, tables: Object.fromEntries(insertOrder.map((n) => [n, tables[n].length])) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { path, tables } = makeSampleDb(process.argv[2] ?? defaultSamplePath);
    const rows = Object.values(tables).reduce((a, b) => a + b, 0);
    console.log(`Sample database written to ${path}: ${Object.keys(tables).length} tables, ${rows} rows`);
    for (const [name, count] of Object.entries(tables)) console.log(`  ${name.padEnd(18)} ${count}`);
  } catch (e) {
    console.error(`Could not write the sample database: ${e instanceof Error ? e.message : e}\nGive a writable file path: npm run sample-db -- <path/to/shop.sqlite>`);
    process.exit(1);
  }
}
