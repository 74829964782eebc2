// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/Viridis.h"

namespace comet::gui {

QCPColorGradient viridisGradient() {
  QCPColorGradient g;
  g.clearColorStops();
  g.setColorInterpolation(QCPColorGradient::ciRGB);
  const QColor stops[] = {{68, 1, 84},    {71, 44, 122},  {59, 81, 139},  {44, 113, 142}, {33, 144, 141},
                          {39, 173, 129}, {92, 200, 99},  {170, 220, 50}, {253, 231, 37}};
  for (int i = 0; i < 9; ++i) g.setColorStopAt(i / 8.0, stops[i]);
  g.setLevelCount(256);
  g.setNanHandling(QCPColorGradient::nhTransparent);  // missing cells stay blank
  return g;
}

QCPColorGradient divergingGradient() {
  QCPColorGradient g;
  g.clearColorStops();
  g.setColorInterpolation(QCPColorGradient::ciRGB);
  g.setColorStopAt(0.0, QColor(59, 76, 192));
  g.setColorStopAt(0.25, QColor(141, 176, 254));
  g.setColorStopAt(0.5, QColor(242, 242, 242));
  g.setColorStopAt(0.75, QColor(244, 154, 123));
  g.setColorStopAt(1.0, QColor(180, 4, 38));
  g.setLevelCount(256);
  g.setNanHandling(QCPColorGradient::nhTransparent);  // missing cells stay blank
  return g;
}

}  // namespace comet::gui
