//! Huawei SDK-HMAC-SHA256 (placeholder: being written).
