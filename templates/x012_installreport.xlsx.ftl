<#-- x012 installation report (SPEC C6; the manual's "Exportera installationsrapport", 6.6.1): the commissioning
     hand-over workbook with four sheets, as the manual describes them:
       1. device settings: identity, contact, report conventions, buses and receivers, readout settings;
       2. installed meters: the meter-list export's columns (the import's names, so the sheet imports again);
       3. latest readout per meter: status, message and time of its latest readout, then the values (with
          units) of its latest readout with values, one row each; a meter without values gets one row;
       4. Modbus mapping: metergate has no Modbus server yet (SPEC G), so the sheet says so.
     Numbered x012: the manual's installation report family x0xx (x001 is the CSV one), 12 for Excel as in x112.
     Sheet names and header texts in the configured language (text.*). -->
<@sheet name=text.deviceSheet>
<@row header=true cells=[text.setting, text.value]/>
<@row cells=[text.product, gateway.product]/>
<@row cells=[text.serial, gateway.serial]/>
<@row cells=[text.hostName, gateway.hostName]/>
<@row cells=[text.software, gateway.software]/>
<@row cells=[text.version, gateway.version]/>
<@row cells=[text.company, gateway.contact.company]/>
<@row cells=[text.contact, gateway.contact.name]/>
<#list gateway.contact.addressLines as line>
<@row cells=[text.address, line]/>
</#list>
<@row cells=[text.language, conventions.language]/>
<@row cells=[text.decimalSeparator, conventions.decimalSeparator]/>
<@row cells=[text.fieldSeparator, conventions.fieldSeparator]/>
<@row cells=[text.encoding, conventions.encoding]/>
<@row cells=[text.firstDayOfWeek, conventions.firstDayOfWeek]/>
<@row cells=[text.timeZone, conventions.zone]/>
<@row cells=[text.buses, setup.buses?join(", ")]/>
<#list setup.settings as s>
<@row cells=[text[s.key]!s.key, s.value]/>
</#list>
<@row cells=[text.created, report.createdAt]/>
</@sheet>
<@sheet name=text.metersSheet>
<@row header=true cells=meterList.columns/>
<#list meterList.rows as cells>
<@row cells=cells/>
</#list>
</@sheet>
<@sheet name=text.latestSheet>
<@row header=true cells=[text.meterId, text.moid, text.manufacturer, text.medium, text.status, text.statusMessage, text.lastReadout, text.statusByte, text.valuesAt, text.quantity, text.unit, text.storage, text.tariff, text.value]/>
<#list meters as m>
<#list m.latestValues as v>
<@row cells=[m.secondary, m.moid, m.manufacturer, m.medium, m.status, m.statusMessage, m.lastReadout, m.statusByteHex, v.timestamp, v.description, v.unit, v.storage?number, v.tariff?number, v.number!v.value]/>
<#else>
<@row cells=[m.secondary, m.moid, m.manufacturer, m.medium, m.status, m.statusMessage, m.lastReadout, m.statusByteHex]/>
</#list>
</#list>
</@sheet>
<@sheet name=text.modbusSheet>
<@row header=true cells=[text.modbusNotConfigured]/>
</@sheet>
