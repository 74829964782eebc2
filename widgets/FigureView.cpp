// SPDX-License-Identifier: GPL-3.0-or-later
// FigureView is an interface; this file gives AUTOMOC its header and the class its vtable.
#include "widgets/FigureView.h"
