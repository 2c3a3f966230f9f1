# Builds Loupe's Windows app image and .msi with the JDK's own jlink and jpackage, as packaging/linux/build.sh does
# on Linux (same modules, JVM options, bundled model, notices and AOT cache). Run it on Windows: jpackage makes
# packages for the platform it runs on only.
#   mvn -B -DskipTests package                      (the jars, from the checkout)
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 [-Root C:\path\to\loupe]
# Output in ROOT\packaging\target: image\Loupe\ (the app image) and Loupe-VERSION.msi.
# Needs JAVA_HOME to be a JDK 25 for Windows (jlink, jpackage) and the WiX Toolset on the PATH: jpackage 25 uses
# WiX 3 (candle.exe, light.exe) or WiX 4/5 (wix.exe). Signing: set LOUPE_WINDOWS_SIGNING_CERT to a .pfx file,
# LOUPE_WINDOWS_SIGNING_PASSWORD and LOUPE_WINDOWS_TIMESTAMP_URL (your certificate authority's RFC 3161 server), and
# signtool.exe (Windows SDK) signs Loupe.exe and the .msi.
param([string]$Root = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path)
$ErrorActionPreference = 'Stop'

$Jdk = $env:JAVA_HOME
if (-not $Jdk) { throw 'JAVA_HOME must name a JDK 25.' }
$Out = Join-Path $Root 'packaging\target'
function Step([string]$Text) { Write-Host "package: $Text" }
# The lines of a settings file without comments and blank lines (the same files the Linux and macOS scripts read).
function Settings([string]$Name) {
    Get-Content (Join-Path $Root "packaging\$Name") | ForEach-Object { ($_ -replace '#.*', '').Trim() } | Where-Object { $_ }
}
function Run([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe failed with exit code $LASTEXITCODE" }
}

$AppJar = Get-ChildItem (Join-Path $Root 'app\target') -Filter 'loupe-app-*.jar' | Where-Object { $_.Name -notlike '*-tests.jar' } | Select-Object -First 1
if (-not $AppJar) { throw 'No app jar in app\target: build the jars first (mvn -B -DskipTests package).' }
Add-Type -AssemblyName System.IO.Compression.FileSystem
$zip = [System.IO.Compression.ZipFile]::OpenRead($AppJar.FullName)
try {
    $reader = New-Object System.IO.StreamReader($zip.GetEntry('dev/loupe/app/version.properties').Open())
    $Version = ($reader.ReadToEnd() -split "`n" | Where-Object { $_ -like 'version=*' }) -replace 'version=', '' -replace "`r", ''
    $reader.Close()
    $reader = New-Object System.IO.StreamReader($zip.GetEntry('loupe-third-party-notices.txt').Open())
    $Libraries = $reader.ReadToEnd()
    $reader.Close()
} finally { $zip.Dispose() }
$NumericVersion = ($Version -split '-')[0]
$Modules = (Settings 'modules.txt') -join ','
$JavaOptions = @()
foreach ($option in Settings 'java-options.txt') { $JavaOptions += @('--java-options', $option) }

if (Test-Path $Out) { Remove-Item -Recurse -Force $Out }
New-Item -ItemType Directory -Force -Path (Join-Path $Out 'image'), (Join-Path $Out 'input') | Out-Null

Step "runtime: jlink with $Modules"
Run "$Jdk\bin\jlink.exe" @('--add-modules', $Modules, '--strip-debug', '--no-header-files', '--no-man-pages',
    '--compress=zip-6', '--output', (Join-Path $Out 'runtime'))
Step 'icon'
Run "$Jdk\bin\java.exe" @('-Djava.awt.headless=true', (Join-Path $Root 'packaging\icons\LoupeIcon.java'), (Join-Path $Out 'loupe.ico'))
Copy-Item $AppJar.FullName, (Join-Path $Root 'app\target\lib\*.jar') -Destination (Join-Path $Out 'input')

Step 'app image: jpackage --type app-image'
Run "$Jdk\bin\jpackage.exe" (@('--type', 'app-image', '--dest', (Join-Path $Out 'image'), '--name', 'Loupe',
    '--app-version', $NumericVersion, '--vendor', 'Loupe', '--description', 'Offline workbench for local language models',
    '--icon', (Join-Path $Out 'loupe.ico'), '--runtime-image', (Join-Path $Out 'runtime'), '--input', (Join-Path $Out 'input'),
    '--main-jar', $AppJar.Name, '--main-class', 'dev.loupe.app.Main') + $JavaOptions)

$Image = Join-Path $Out 'image\Loupe'
$App = Join-Path $Image 'app'
# The default model, when ..\shared has it at build time: imported into the user's data folder on first start.
$SharedModel = Join-Path (Split-Path $Root -Parent) 'shared\models\stories260K'
if (Test-Path $SharedModel) {
    Step 'bundling the default model stories260K'
    New-Item -ItemType Directory -Force -Path (Join-Path $App 'bundled\models') | Out-Null
    Copy-Item -Recurse $SharedModel (Join-Path $App 'bundled\models')
} else {
    Step "no ${SharedModel}: the app will open on its first-run screen"
}

Step 'third-party notices'
$release = Get-Content (Join-Path $Image 'runtime\release')
$implementor = (($release | Where-Object { $_ -like 'IMPLEMENTOR=*' }) -replace 'IMPLEMENTOR="(.*)"', '$1')
$runtimeVersion = (($release | Where-Object { $_ -like 'JAVA_RUNTIME_VERSION=*' }) -replace 'JAVA_RUNTIME_VERSION="(.*)"', '$1')
$notices = "Loupe $Version bundles the following third-party software.`r`n`r`n" +
    "Java runtime: $implementor $runtimeVersion, GPL-2.0-with-classpath-exception (its notices: the legal folder of the runtime).`r`n" +
    "`r`nLibraries (licence, name, Maven coordinates, project site):`r`n" + $Libraries
$modelLicence = Join-Path $App 'bundled\models\stories260K\LICENSE'
if (Test-Path $modelLicence) {
    $notices += "`r`nBundled model stories260K (a llama2.c tinyllamas checkpoint):`r`n`r`n" + (Get-Content -Raw $modelLicence)
}
Set-Content -Path (Join-Path $App 'THIRD-PARTY-NOTICES.txt') -Value $notices -Encoding UTF8

# The AOT cache: one headless run of the screenshot command with the launcher's own options (see
# packaging/common.sh, make_aot_cache).
Step 'AOT cache: one headless screenshot run'
$cfg = Join-Path $App 'Loupe.cfg'
$original = Get-Content -Raw $cfg
Add-Content -Path $cfg -Value 'java-options=-XX:AOTCacheOutput=$APPDIR\loupe.aot'
$scratch = Join-Path ([System.IO.Path]::GetTempPath()) ('loupe-aot-' + [guid]::NewGuid())
$env:LOUPE_HOME = Join-Path $scratch 'home'
try {
    Run (Join-Path $Image 'Loupe.exe') @('screenshot', '--out', (Join-Path $scratch 'shot.png'))
} finally {
    Remove-Item Env:\LOUPE_HOME
    Set-Content -Path $cfg -Value $original -NoNewline
    Remove-Item -Recurse -Force $scratch -ErrorAction SilentlyContinue
}
if (-not (Test-Path (Join-Path $App 'loupe.aot'))) { throw 'The AOT cache was not written.' }
Add-Content -Path $cfg -Value 'java-options=-XX:AOTCache=$APPDIR\loupe.aot'

$cert = $env:LOUPE_WINDOWS_SIGNING_CERT
function Sign([string]$File) {
    if ($cert) {
        Step "signing $File"
        if (-not $env:LOUPE_WINDOWS_TIMESTAMP_URL) { throw 'Signing needs LOUPE_WINDOWS_TIMESTAMP_URL too.' }
        Run 'signtool.exe' @('sign', '/fd', 'SHA256', '/tr', $env:LOUPE_WINDOWS_TIMESTAMP_URL, '/td', 'SHA256',
            '/f', $cert, '/p', $env:LOUPE_WINDOWS_SIGNING_PASSWORD, $File)
    }
}
Sign (Join-Path $Image 'Loupe.exe')

Step 'installer: jpackage --type msi'
# A fixed upgrade UUID lets a newer .msi replace an older one instead of installing beside it.
Run "$Jdk\bin\jpackage.exe" @('--type', 'msi', '--dest', $Out, '--name', 'Loupe', '--app-version', $NumericVersion,
    '--app-image', $Image, '--vendor', 'Loupe', '--description', 'Offline workbench for local language models',
    '--win-menu', '--win-menu-group', 'Loupe', '--win-shortcut', '--win-dir-chooser', '--win-per-user-install',
    '--win-upgrade-uuid', '6f1d3c52-8a8e-4f5e-9a53-2c7a4f0b7e11')
Get-ChildItem $Out -Filter '*.msi' | ForEach-Object { Sign $_.FullName; Step "done: $($_.FullName)" }
