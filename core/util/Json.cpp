// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/Json.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

namespace comet {

std::string jsonStringArray(const std::vector<std::string>& strings) {
  std::string out = "[";
  for (size_t i = 0; i < strings.size(); ++i) out += (i ? "," : "") + jsonQuote(strings[i]);
  return out + "]";
}

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

namespace {

// A cursor over JSON text for the flat documents the project writes.
struct JsonCursor {
  const std::string& s;
  size_t i = 0;

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("byte offset " + std::to_string(i) + ": " + what);
  }
  void skip() {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  }
  bool at(char c) const { return i < s.size() && s[i] == c; }
  void expect(char c) {
    if (!at(c)) fail(std::string("expected '") + c + "'");
    ++i;
  }
  static void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  // A string, unescaped (\uXXXX of the Basic Multilingual Plane becomes UTF-8).
  std::string readString() {
    if (!at('"')) fail("expected a string");
    ++i;
    std::string v;
    while (i < s.size() && s[i] != '"') {
      if (s[i] != '\\') {
        v += s[i++];
        continue;
      }
      if (++i >= s.size()) break;
      const char e = s[i++];
      switch (e) {
        case 'n': v += '\n'; break;
        case 't': v += '\t'; break;
        case 'r': v += '\r'; break;
        case 'b': v += '\b'; break;
        case 'f': v += '\f'; break;
        case '"': case '\\': case '/': v += e; break;
        case 'u': {
          if (i + 4 > s.size()) fail("truncated \\u escape");
          uint32_t cp = 0;
          for (int k = 0; k < 4; ++k, ++i) {
            const char h = s[i];
            const int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                        : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (d < 0) fail("bad \\u escape");
            cp = cp * 16 + static_cast<uint32_t>(d);
          }
          appendUtf8(v, cp);
          break;
        }
        default: --i; fail(std::string("unknown escape '\\") + e + "'");
      }
    }
    if (i >= s.size()) fail("unterminated string");
    ++i;
    return v;
  }
  // A number, true, false or null: its text.
  std::string readScalar() {
    const size_t start = i;
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !std::isspace(static_cast<unsigned char>(s[i])))
      ++i;
    if (i == start) fail("expected a value");
    return s.substr(start, i - start);
  }
  // A flat array of strings and scalars: its elements (strings unescaped).
  std::vector<std::string> readArray() {
    expect('[');
    std::vector<std::string> items;
    skip();
    if (at(']')) {
      ++i;
      return items;
    }
    while (true) {
      skip();
      if (at('[') || at('{')) fail("nested arrays and objects are not supported here");
      items.push_back(at('"') ? readString() : readScalar());
      skip();
      if (at(',')) {
        ++i;
        continue;
      }
      if (at(']')) {
        ++i;
        return items;
      }
      fail("expected ',' or ']'");
    }
  }
};

}  // namespace

std::vector<std::pair<std::string, std::string>> parseFlatJson(const std::string& s) {
  std::vector<std::pair<std::string, std::string>> out;
  JsonCursor c{s};
  c.skip();
  c.expect('{');
  c.skip();
  if (c.at('}')) {
    ++c.i;
  } else {
    while (true) {
      c.skip();
      std::string key = c.readString();
      c.skip();
      c.expect(':');
      c.skip();
      std::string value;
      if (c.at('"')) {
        value = c.readString();
      } else if (c.at('[')) {
        const size_t start = c.i;
        c.readArray();  // validated; kept as its JSON text (parseJsonArray reads it)
        value = s.substr(start, c.i - start);
      } else {
        value = c.readScalar();
      }
      out.emplace_back(std::move(key), std::move(value));
      c.skip();
      if (c.at(',')) {
        ++c.i;
        continue;
      }
      c.expect('}');
      break;
    }
  }
  c.skip();
  if (c.i != s.size()) c.fail("unexpected text after the object");
  return out;
}

std::vector<std::string> parseJsonArray(const std::string& json) {
  JsonCursor c{json};
  c.skip();
  auto items = c.readArray();
  c.skip();
  if (c.i != json.size()) c.fail("unexpected text after the array");
  return items;
}

}  // namespace comet
