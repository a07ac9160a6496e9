; Inno Setup script for the PyInstaller one-folder bundle (build/dist/dvmeet).
; Per-user install without administrator rights; the user's database lives in
; %LOCALAPPDATA%\DigiVestland\dvmeet and is never touched by the uninstaller.

#define AppName "dvmeet"
#define AppVersion "0.1.0"
#define Bundle "..\..\build\dist\dvmeet"

[Setup]
AppId={{6C1B7B0E-4D7E-4E55-9D3A-2F1D0C5B7A11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=DigiVestland
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DisableProgramGroupPage=yes
OutputDir=..\..\build
OutputBaseFilename=dvmeet-{#AppVersion}-oppsett
SetupIconFile=..\..\resources\icons\dvmeet.ico
UninstallDisplayIcon={app}\dvmeet.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "nn"; MessagesFile: "compiler:Languages\Norwegian.isl"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\dvmeet.exe"; Comment: "Møte, møtebok og medlemsregister"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\dvmeet.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Lag ein snarveg på skrivebordet"; Flags: unchecked

[Run]
Filename: "{app}\dvmeet.exe"; Description: "Start dvmeet"; Flags: nowait postinstall skipifsilent
