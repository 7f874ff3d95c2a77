<#-- x112 value report as an Excel workbook (SPEC F3): the x101 rows on sheet "Values" (numbers as numeric
     cells when Excel can hold them exactly, otherwise as text with every digit), the report's identity on
     sheet "Report" (sheet names and header texts in the configured language, text.*). Workbook templates write
     with <@sheet> and <@row cells=[...]/>; their text is ignored. -->
<@sheet name=text.valuesSheet>
<@row header=true cells=[text.meterId, text.manufacturer, text.medium, text.moid, text.timestamp, text.quantity, text.unit, text.storage, text.tariff, text.value]/>
<#list values as v>
<@row cells=[v.secondary, v.manufacturer, v.medium, v.moid, v.timestamp, v.description, v.unit, v.storage?number, v.tariff?number, v.number!v.value]/>
</#list>
</@sheet>
<@sheet name=text.reportSheet>
<@row cells=[text.product, gateway.product]/>
<@row cells=[text.serial, gateway.serial]/>
<@row cells=[text.report, report.number]/>
<@row cells=[text.template, report.template]/>
<@row cells=[text.created, report.createdAt]/>
<@row cells=[text.periodFrom, report.period.from]/>
<@row cells=[text.periodTo, report.period.to]/>
<@row cells=[text.valueInterval, report.interval]/>
<@row cells=[text.company, gateway.contact.company]/>
<@row cells=[text.contact, gateway.contact.name]/>
<#list gateway.contact.addressLines as line>
<@row cells=[text.address, line]/>
</#list>
</@sheet>
