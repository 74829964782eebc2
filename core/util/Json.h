// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace comet {

// A flat JSON object written in insertion order (summaries, benchmark lines).
// Non-finite numbers are written as null.
class JsonObject {
 public:
  JsonObject& add(const std::string& key, const std::string& value);
  JsonObject& add(const std::string& key, const char* value) { return add(key, std::string(value)); }
  JsonObject& add(const std::string& key, double value);
  JsonObject& add(const std::string& key, int64_t value);
  JsonObject& add(const std::string& key, int value) { return add(key, static_cast<int64_t>(value)); }
  JsonObject& add(const std::string& key, bool value);
  JsonObject& addRaw(const std::string& key, const std::string& json);
  std::string str(bool pretty = false) const;

 private:
  std::vector<std::pair<std::string, std::string>> m_items;
};

std::string jsonQuote(const std::string& text);
// ["a","b"]: a JSON array of the strings, quoted.
std::string jsonStringArray(const std::vector<std::string>& strings);
std::string jsonNumber(double value);

// Reads a flat JSON object of strings, numbers, booleans, nulls and flat arrays
// (what JsonObject writes). Values come back as their JSON text, strings unquoted
// and unescaped; an array as its JSON text, for parseJsonArray. Throws
// std::runtime_error with the byte offset on malformed input or trailing text.
std::vector<std::pair<std::string, std::string>> parseFlatJson(const std::string& text);

// The elements of a flat JSON array of strings and scalars (strings unescaped,
// others as their text). Throws std::runtime_error with the byte offset.
std::vector<std::string> parseJsonArray(const std::string& json);

}  // namespace comet
