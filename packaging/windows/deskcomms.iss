; Per-user Windows installer for the PyInstaller folder dist\deskcomms (Inno Setup 6).
; Build: iscc /DAppVersion=0.1.0 packaging\windows\deskcomms.iss   (the version from pyproject.toml:
; python packaging\release_info.py). No administrator rights: it installs under
; %LOCALAPPDATA%\Programs\deskcomms. The data (%LOCALAPPDATA%\deskcomms) is a separate folder, kept on
; uninstall unless the user says to delete it.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (python packaging\release_info.py prints it)
#endif

[Setup]
; The AppId keeps upgrades and the uninstaller tied to one entry; never change it.
AppId={{6F1C2B7E-3D4A-4E5B-9C8D-DE5C0A11C0DE}
AppName=deskcomms
AppVersion={#AppVersion}
AppVerName=deskcomms {#AppVersion}
AppPublisher=deskcomms contributors
AppComments=Case follow-ups, business-time due dates and email drafts for support engineers
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={localappdata}\Programs\deskcomms
DefaultGroupName=deskcomms
DisableProgramGroupPage=yes
DisableDirPage=auto
UninstallDisplayIcon={app}\deskcomms-app.exe
UninstallDisplayName=deskcomms
OutputBaseFilename=deskcomms-{#AppVersion}-setup
OutputDir=dist\installer
SourceDir=..\..
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
CloseApplications=yes
; The wizard shows deskcomms's licence; the third-party notices (Qt under the LGPL among them) are installed
; with the app (the spec puts them in the folder, under deskcomms\_resources\licenses) and shown by
; Help > About.
LicenseFile=LICENSE

[Tasks]
Name: "startatlogin"; Description: "Start deskcomms when I sign in (reminders from the tray)"; GroupDescription: "Reminders:"; Flags: unchecked
Name: "desktopicon"; Description: "Create a desktop shortcut"; GroupDescription: "Shortcuts:"; Flags: unchecked

[Files]
Source: "dist\deskcomms\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; The AppUserModelID is the one the app sets on itself (deskcomms.APP_ID, via the platform seam): Windows
; shows a toast with the name and icon of the shortcut that carries the sender's id.
Name: "{userprograms}\deskcomms"; Filename: "{app}\deskcomms-app.exe"; Comment: "Case follow-ups and drafts"; AppUserModelID: "io.github.deskcomms.DeskComms"
Name: "{userdesktop}\deskcomms"; Filename: "{app}\deskcomms-app.exe"; Tasks: desktopicon; AppUserModelID: "io.github.deskcomms.DeskComms"

[Registry]
; The same per-user Run value the app's own "Start at login" menu item writes and reads
; (deskcomms.platform.windows: RUN_KEY, RUN_VALUE), so the menu shows the installer's choice.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "deskcomms"; ValueData: """{app}\deskcomms-app.exe"""; Flags: uninsdeletevalue; Tasks: startatlogin

[Run]
Filename: "{app}\deskcomms-app.exe"; Description: "Open deskcomms now"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; Stop the tray copy so its files can be removed; its data is safe (every write is a committed transaction).
Filename: "{sys}\taskkill.exe"; Parameters: "/IM deskcomms-app.exe /F"; Flags: runhidden; RunOnceId: "StopDeskcomms"

[Code]
const
  DataFolder = '{localappdata}\deskcomms';

// The cases, backups and settings stay unless the user explicitly asks to delete them (never in a
// silent uninstall, which is how upgrades and IT tools run it).
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Folder: String;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  Folder := ExpandConstant(DataFolder);
  if UninstallSilent or not DirExists(Folder) then
    exit;
  if MsgBox('deskcomms is removed. Your cases, backups and settings are still in' + #13#10 + Folder + #13#10#13#10 +
            'Delete them too? This cannot be undone. Choose No to keep them for a later install.',
            mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
    DelTree(Folder, True, True, True);
end;
