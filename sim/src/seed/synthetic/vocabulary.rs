//! The words and orders synthetic catalogs are made of.

/// Apparel and gear categories: path, drawn shape, product nouns, whether it has variants.
pub const CATEGORIES: &[(&str, u8, &[&str], bool)] = &[
    (
        "Men/Tops/Hoodies & Sweatshirts",
        0,
        &["Hoodie", "Pullover", "Sweatshirt"],
        true,
    ),
    (
        "Men/Tops/Jackets",
        0,
        &["Jacket", "Shell", "Windbreaker"],
        true,
    ),
    ("Men/Tops/Tees", 0, &["Tee", "Crew Tee"], true),
    ("Men/Bottoms/Pants", 1, &["Pant", "Jogger"], true),
    ("Men/Bottoms/Shorts", 1, &["Short", "Trail Short"], true),
    ("Women/Tops/Bras & Tanks", 0, &["Tank", "Bra Top"], true),
    ("Women/Tops/Jackets", 0, &["Rain Jacket", "Puffer"], true),
    ("Women/Bottoms/Leggings", 1, &["Legging", "Capri"], true),
    ("Gear/Bags", 2, &["Duffle Bag", "Backpack", "Tote"], false),
    ("Gear/Watches", 3, &["Watch", "Sport Watch"], false),
    (
        "Gear/Fitness Equipment",
        4,
        &["Foam Roller", "Water Bottle"],
        false,
    ),
];
pub const ADJECTIVES: &[&str] = &[
    "Alder", "Brisk", "Cedar", "Drift", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper",
    "Kestrel", "Lumen", "Meadow", "Nimbus", "Orion", "Pike", "Quarry", "Ridge", "Summit", "Tundra",
];
pub const CAMPAIGNS: &[&str] = &[
    "SS25 Trail",
    "AW25 City",
    "Eco Friendly",
    "Holiday Gifting",
    "Back to School",
];
pub const SIZES: &[&str] = &["XS", "S", "M", "L", "XL"];
/// Views in the order shots are dealt; versions of a view follow its earlier ones.
pub const SHOT_ORDER: &[(u8, u8)] = &[
    (0, 1),
    (1, 1),
    (0, 2),
    (2, 1),
    (3, 1),
    (0, 3),
    (4, 1),
    (1, 2),
];
pub const VIEWS: &[&str] = &["main", "back", "side", "detail", "alt1"];
pub const PHOTOGRAPHERS: &[&str] = &["Nora Feld", "Tomas Reyes", "Ines Duarte"];
