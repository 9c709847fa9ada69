// The sample shop's schema. Some relationships are declared with FOREIGN KEY, others only implied by column
// names, so relationship inference has real work to do (`sampleRelationships` lists both).

export interface SampleRelationship {
  /** `table.column` holding the reference. */
  from: string;
  /** `table.column` referenced. */
  to: string;
}

/** Relationships of the sample schema: `declared` have a FOREIGN KEY clause, `implied` exist only by naming. */
export const sampleRelationships: { declared: SampleRelationship[]; implied: SampleRelationship[] } = {
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

/** The DDL: 14 tables, some FOREIGN KEY clauses, a few indexes. */
export const sampleSchemaSql = `
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

/** Tables in an order that satisfies the declared foreign keys. */
export const sampleTableOrder = ['categories', 'suppliers', 'products', 'product_suppliers', 'stores', 'employees', 'customers', 'addresses', 'orders', 'order_items', 'payments', 'shipments', 'reviews', 'inventory'] as const;

export type SampleTableName = (typeof sampleTableOrder)[number];
