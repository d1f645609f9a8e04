#!/bin/bash
# Runs as root after the WuKong Desktop .deb is installed (electron-builder fills in the
# ${...} placeholders). Based on electron-builder's own template; see build/linux/README.md.
APP_DIR='/opt/${sanitizedProductName}'

# Command on the PATH.
if type update-alternatives >/dev/null 2>&1; then
  if [ -L '/usr/bin/${executable}' ] && [ -e '/usr/bin/${executable}' ] \
    && [ "$(readlink '/usr/bin/${executable}')" != '/etc/alternatives/${executable}' ]; then
    rm -f '/usr/bin/${executable}'
  fi
  update-alternatives --install '/usr/bin/${executable}' '${executable}' "$APP_DIR/${executable}" 100 \
    || ln -sf "$APP_DIR/${executable}" '/usr/bin/${executable}'
else
  ln -sf "$APP_DIR/${executable}" '/usr/bin/${executable}'
fi

# Chromium's sandbox: user namespaces when the kernel offers them, otherwise the setuid helper.
if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
  chmod 0755 "$APP_DIR/chrome-sandbox" || true
else
  chmod 4755 "$APP_DIR/chrome-sandbox" || true
fi

# When the AppArmor profile cannot be used, the app must still start, sandboxed: the setuid
# helper does not need user namespaces. A profile that failed to load is removed again, so no
# later AppArmor reload trips over it.
use_setuid_sandbox() {
  echo "WuKong Desktop: $1; using the setuid sandbox helper instead."
  rm -f "$PROFILE_TARGET"
  chmod 4755 "$APP_DIR/chrome-sandbox" || true
}

# Ubuntu 23.10+/24.04: unprivileged user namespaces need an AppArmor profile granting `userns`.
# Install ours when the running AppArmor understands it (abi/4.0; Ubuntu 22.04 does not and
# does not need it).
if apparmor_status --enabled >/dev/null 2>&1; then
  PROFILE_SOURCE="$APP_DIR/resources/apparmor-profile"
  PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$PROFILE_SOURCE" >/dev/null 2>&1; then
    cp -f "$PROFILE_SOURCE" "$PROFILE_TARGET"
    # Loading into the kernel is meaningless in a chroot (image builds).
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$PROFILE_TARGET" \
        || use_setuid_sandbox 'could not load the AppArmor profile'
    fi
  else
    echo "WuKong Desktop: this AppArmor version does not support the bundled profile; skipped it."
  fi
fi

if hash update-mime-database 2>/dev/null; then
  update-mime-database /usr/share/mime || true
fi
if hash update-desktop-database 2>/dev/null; then
  update-desktop-database /usr/share/applications || true
fi
