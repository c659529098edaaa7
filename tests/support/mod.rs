pub mod newspaper;
