// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/Json.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace comet {

std::string jsonQuote(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string jsonNumber(double value) {
  if (!std::isfinite(value)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.10g", value);
  return buf;
}

JsonObject& JsonObject::add(const std::string& key, const std::string& value) {
  m_items.emplace_back(key, jsonQuote(value));
  return *this;
}
JsonObject& JsonObject::add(const std::string& key, double value) {
  m_items.emplace_back(key, jsonNumber(value));
  return *this;
}
JsonObject& JsonObject::add(const std::string& key, int64_t value) {
  m_items.emplace_back(key, std::to_string(value));
  return *this;
}
JsonObject& JsonObject::add(const std::string& key, bool value) {
  m_items.emplace_back(key, value ? "true" : "false");
  return *this;
}
JsonObject& JsonObject::addRaw(const std::string& key, const std::string& json) {
  m_items.emplace_back(key, json);
  return *this;
}

std::string JsonObject::str(bool pretty) const {
  std::string out = "{";
  for (size_t i = 0; i < m_items.size(); ++i) {
    if (i) out += ",";
    if (pretty) out += "\n  ";
    out += jsonQuote(m_items[i].first) + (pretty ? ": " : ":") + m_items[i].second;
  }
  if (pretty) out += "\n";
  return out + "}";
}

std::vector<std::pair<std::string, std::string>> parseFlatJson(const std::string& s) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  auto fail = [&](const std::string& what) {
    throw std::runtime_error("byte offset " + std::to_string(i) + ": " + what);
  };
  auto skip = [&] { while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i; };
  auto readString = [&]() {
    if (i >= s.size() || s[i] != '"') fail("expected a string");
    ++i;
    std::string v;
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\\') {
        if (++i >= s.size()) break;
        const char e = s[i];
        v += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
        if (e == 'u') { v.pop_back(); v += '?'; i += 4; }
      } else {
        v += s[i];
      }
      ++i;
    }
    if (i >= s.size()) fail("unterminated string");
    ++i;
    return v;
  };
  skip();
  if (i >= s.size() || s[i] != '{') fail("expected '{'");
  ++i;
  skip();
  if (i < s.size() && s[i] == '}') return out;
  while (true) {
    skip();
    std::string key = readString();
    skip();
    if (i >= s.size() || s[i] != ':') fail("expected ':'");
    ++i;
    skip();
    std::string value;
    if (i < s.size() && s[i] == '"') {
      value = readString();
    } else if (i < s.size() && s[i] == '[') {
      // A flat array of numbers: kept as its JSON text.
      const size_t start = i;
      while (i < s.size() && s[i] != ']') ++i;
      if (i >= s.size()) fail("unterminated array");
      ++i;
      value = s.substr(start, i - start);
    } else {
      const size_t start = i;
      while (i < s.size() && s[i] != ',' && s[i] != '}' && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      value = s.substr(start, i - start);
      if (value.empty()) fail("expected a value");
    }
    out.emplace_back(key, value);
    skip();
    if (i < s.size() && s[i] == ',') { ++i; continue; }
    if (i < s.size() && s[i] == '}') return out;
    fail("expected ',' or '}'");
  }
}

}  // namespace comet
