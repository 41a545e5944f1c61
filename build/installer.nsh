; Included by electron-builder's NSIS installer (electron-builder.yml: nsis.include).
; Before an uninstall (never when an update replaces this version), ask the
; installed app whether calls have not reached LeadSquared yet, and warn.
; Silent uninstalls (/S) are not stopped: /SD IDYES answers for them, and IT
; can run the same check first (see docs/install.md: exit code 3 = calls waiting).
;
; The app answers for the account that runs it. A per-machine uninstall runs
; elevated, often as an administrator's account, so it cannot see the agents'
; outboxes: it says so rather than report "nothing waiting".
!macro customUnInit
  ${ifNot} ${isUpdated}
    ClearErrors
    ExecWait '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" --outbox-status' $0
    ${if} ${Errors}
      ; The app did not start at all: unknown, like any code but 0 and 3.
      StrCpy $0 "not run"
    ${endIf}
    ${if} $0 == 3
      MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "Some calls logged in this Windows account have not reached LeadSquared yet.$\r$\n$\r$\nUninstalling keeps them in the account's data folder, but they are lost if that folder is deleted. Open Call Log and let them send first.$\r$\n$\r$\nUninstall anyway?" /SD IDYES IDYES +2
      Abort
    ${elseIf} $0 != 0
      MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "Call Log could not check whether calls in this Windows account are still waiting to reach LeadSquared.$\r$\n$\r$\nUninstalling keeps the data folder, but calls are lost if it is deleted. Open Call Log to check first.$\r$\n$\r$\nUninstall anyway?" /SD IDYES IDYES +2
      Abort
    ${endIf}
    ${if} $installMode == "all"
      MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "This removes Call Log for every user of this computer.$\r$\n$\r$\nOnly the account running this uninstaller could be checked for unsent calls; other users' calls cannot be checked from here. They stay in each user's data folder and are lost only if it is deleted. To be sure, have each user open Call Log and let their calls send first.$\r$\n$\r$\nUninstall anyway?" /SD IDYES IDYES +2
      Abort
    ${endIf}
  ${endIf}
!macroend
