// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/CliCommon.h"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "core/config/ConfigNode.h"
#include "core/util/Error.h"

namespace comet::cli {

bool Arguments::has(const std::string& flag) const {
  for (const auto& [k, v] : options)
    if (k == flag) return true;
  return false;
}

std::string Arguments::value(const std::string& flag, const std::string& fallback) const {
  for (const auto& [k, v] : options)
    if (k == flag) return v;
  return fallback;
}

Arguments parseArguments(const std::vector<std::string>& args, const std::vector<std::string>& valueFlags,
                         const std::vector<std::string>& switches) {
  Arguments out;
  const auto contains = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) == 0) {
      std::string flag = a;
      std::string value;
      const auto eq = a.find('=');
      if (eq != std::string::npos) {
        flag = a.substr(0, eq);
        value = a.substr(eq + 1);
      }
      if (contains(valueFlags, flag)) {
        if (eq == std::string::npos) {
          if (i + 1 >= args.size()) throw UsageError("option " + flag + " needs a value");
          value = args[++i];
        }
        out.options.emplace_back(flag, value);
      } else if (contains(switches, flag) && eq == std::string::npos) {
        out.options.emplace_back(flag, "");
      } else {
        throw UsageError("unknown option '" + a + "' (see --help)");
      }
    } else if (a.find('=') != std::string::npos) {
      out.overrides.push_back(a);
    } else if (isConfigKey(a) && !std::filesystem::exists(a)) {
      throw UsageError("'" + a + "' is a config key without a value: write " + a + "=VALUE");
    } else {
      out.positional.push_back(a);
    }
  }
  return out;
}

std::atomic<bool>& stopFlag() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace {
extern "C" void onStopSignal(int) {
  // A second Ctrl+C while stopping ends the process at once.
  if (stopFlag().exchange(true)) std::_Exit(kExitStopped);
}
}  // namespace

void installStopHandlers() {
  std::signal(SIGINT, onStopSignal);
  std::signal(SIGTERM, onStopSignal);
}

int guarded(const char* command, int (*body)(const Arguments&), const Arguments& args) {
  try {
    return body(args);
  } catch (const UsageError& e) {
    std::cerr << "comet " << command << ": " << e.what() << "\n";
    return kExitUsage;
  } catch (const ConfigError& e) {
    std::cerr << "comet " << command << ": config error: " << e.what() << "\n";
    return kExitConfig;
  } catch (const DataError& e) {
    std::cerr << "comet " << command << ": data error: " << e.what() << "\n";
    return kExitData;
  } catch (const RunError& e) {
    std::cerr << "comet " << command << ": " << e.what() << "\n";
    return kExitIo;
  } catch (const std::exception& e) {
    std::cerr << "comet " << command << ": error: " << e.what() << "\n";
    return kExitRunFailed;
  }
}

}  // namespace comet::cli
