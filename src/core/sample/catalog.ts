// Names, places and the product catalog the sample shop is generated from.

export const firstNames = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Daniel', 'Karen', 'Matthew', 'Emily', 'Anthony', 'Olivia',
  'Mark', 'Emma', 'Carlos', 'Sofia', 'Luis', 'Isabella', 'Wei', 'Li', 'Jun', 'Mei', 'Hao', 'Xiaoling', 'Yan', 'Jing',
  'Hiroshi', 'Yuki', 'Min-jun', 'Ji-woo', 'Arjun', 'Priya', 'Rahul', 'Ananya', 'Noah', 'Ava', 'Liam', 'Mia', 'Lucas',
  'Chloe', 'Ethan', 'Grace', 'Mateo', 'Lucia', 'Omar', 'Fatima', 'Lars', 'Ingrid', 'Pierre', 'Camille', 'Tomasz', 'Anna',
];
export const lastNames = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris',
  'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Nguyen', 'Wang', 'Zhang',
  'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Sun', 'Tanaka', 'Sato', 'Kim', 'Park', 'Patel', 'Singh', 'Sharma',
  'Murphy', "O'Brien", 'Kowalski', 'Novak', 'Schmidt', 'Muller', 'Dubois', 'Rossi', 'Silva', 'Costa', 'Hansen', 'Berg',
];
/** [city, state, country, postal code prefix] */
export const places: [string, string, string, string][] = [
  ['Seattle', 'WA', 'US', '981'], ['Portland', 'OR', 'US', '972'], ['San Francisco', 'CA', 'US', '941'],
  ['Los Angeles', 'CA', 'US', '900'], ['San Diego', 'CA', 'US', '921'], ['Denver', 'CO', 'US', '802'],
  ['Austin', 'TX', 'US', '787'], ['Chicago', 'IL', 'US', '606'], ['Boston', 'MA', 'US', '021'],
  ['New York', 'NY', 'US', '100'], ['Minneapolis', 'MN', 'US', '554'], ['Salt Lake City', 'UT', 'US', '841'],
  ['Boise', 'ID', 'US', '837'], ['Spokane', 'WA', 'US', '992'], ['Tacoma', 'WA', 'US', '984'], ['Eugene', 'OR', 'US', '974'],
  ['Vancouver', 'BC', 'CA', 'V6B'], ['Victoria', 'BC', 'CA', 'V8W'], ['Calgary', 'AB', 'CA', 'T2P'], ['Toronto', 'ON', 'CA', 'M5V'],
];
export const streets = ['Maple', 'Oak', 'Cedar', 'Pine', 'Elm', 'Lake', 'Hill', 'Park', 'Main', 'Harbor', 'River', 'Sunset', 'Union', 'Madison', 'Jefferson', 'Broadway', 'Alder', 'Willow'];
export const streetKinds = ['St', 'Ave', 'Blvd', 'Rd', 'Way', 'Ln', 'Dr', 'Ct'];

/** Category tree and, per sub-category, [item name, low price, high price, grams]. */
export const catalog: Record<string, Record<string, [string, number, number, number][]>> = {
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
export const brands = ['Harbor & Pine', 'Northfield', 'Cascade Works', 'Ember & Oak', 'Bluecrest', 'Summit Supply', 'Lumen Co', 'Tidewater', 'Ironbark', 'Kestrel'];
export const variants = ['Classic', 'Pro', 'Lite', 'Plus', 'Everyday', 'Expedition', 'Compact', 'Deluxe'];
export const supplierNames = [
  'Pacific Rim Trading', 'Evergreen Wholesale', 'Summit Outdoor Distribution', 'Great Lakes Housewares', 'Shenzhen Brightway Electronics',
  'Ningbo Homestyle Manufacturing', 'Guangzhou Pearl Textiles', 'Vietnam Coastal Apparel', 'Nordic Design Supply', 'Bavaria Kitchen GmbH',
  'Maple Leaf Goods', 'Sierra Components', 'Redwood Craft Co', 'Yangtze Metalworks', 'Osaka Precision Tools', 'Busan Trade Partners',
  'Lisbon Cork & Textile', 'Andes Wool Cooperative', 'Midwest Packaging', 'Golden Gate Imports', 'Atlas Lighting', 'Kunming Tea Collective',
  'Taipei Smart Devices', 'Portland Leatherworks', 'Coastal Ceramics',
];
export const supplierCountries = ['US', 'US', 'US', 'US', 'CN', 'CN', 'CN', 'VN', 'SE', 'DE', 'CA', 'US', 'US', 'CN', 'JP', 'KR', 'PT', 'PE', 'US', 'US', 'US', 'CN', 'TW', 'US', 'US'];

/** [name, kind, city, state, country, opened on] */
export const storeSpecs: [string, 'retail' | 'warehouse', string, string, string, string][] = [
  ['Seattle Flagship', 'retail', 'Seattle', 'WA', 'US', '2016-04-02'],
  ['Portland Pearl District', 'retail', 'Portland', 'OR', 'US', '2018-09-15'],
  ['San Francisco Union Square', 'retail', 'San Francisco', 'CA', 'US', '2019-05-11'],
  ['Denver Larimer', 'retail', 'Denver', 'CO', 'US', '2021-03-20'],
  ['Vancouver Gastown', 'retail', 'Vancouver', 'BC', 'CA', '2022-06-04'],
  ['Austin South Congress', 'retail', 'Austin', 'TX', 'US', '2023-08-26'],
  ['Kent Distribution Center', 'warehouse', 'Kent', 'WA', 'US', '2017-01-09'],
  ['Reno Distribution Center', 'warehouse', 'Reno', 'NV', 'US', '2021-10-01'],
];
export const reviewTitles: Record<number, string[]> = {
  5: ['Love it', 'Exactly what I needed', 'Excellent quality', 'Worth every penny', 'Best purchase this year'],
  4: ['Very good', 'Solid choice', 'Happy with it', 'Great, with one small issue', 'Good value'],
  3: ['It is okay', 'Does the job', 'Average', 'Mixed feelings', 'Fine for the price'],
  2: ['Disappointing', 'Not as described', 'Quality could be better', 'Expected more'],
  1: ['Broke quickly', 'Would not buy again', 'Poor quality', 'Returned it'],
};
export const reviewBodies: Record<number, string[]> = {
  5: ['Great build quality and it arrived quickly.', 'Use it every day, no complaints at all.', 'Bought a second one as a gift.'],
  4: ['Works well; the packaging could be better.', 'Good product, slightly pricier than I hoped.', 'Does everything I need.'],
  3: ['Nothing special but it works.', 'Smaller than I expected.', 'Okay, but the instructions were confusing.'],
  2: ['Stopped working properly after a few weeks.', 'The color looks different from the photos.', 'Feels cheaper than the price suggests.'],
  1: ['Arrived damaged and support was slow.', 'Fell apart after two uses.', 'Does not work as advertised.'],
};
