FUNCTION z_ksef_get_invoice.
*"----------------------------------------------------------------------
*" RFC-enabled. One billing document as INVOIC02 control and data records,
*" built in memory by SAP's outbound IDoc function (process code SD09):
*" the same data the XML-HTTP port would send. Nothing is saved.
*"  IMPORTING
*"     VALUE(IV_VBELN) TYPE  VBELN_VF
*"     VALUE(IV_KSCHL) TYPE  SNA_KSCHL DEFAULT 'ZKSF'
*"     VALUE(IV_CIMTYP) TYPE  EDI_CIMTYP OPTIONAL
*"  EXPORTING
*"     VALUE(ES_IDOC_CONTROL) TYPE  EDI_DC40
*"     VALUE(ET_IDOC_DATA) TYPE  EDI_DD40_TT
*"     VALUE(ES_RETURN) TYPE  BAPIRET2
*"  EXCEPTIONS
*"      NOT_FOUND
*"      NO_AUTHORITY
*"----------------------------------------------------------------------
  DATA: ls_nast    TYPE nast,
        ls_edidc   TYPE edidc,
        ls_edidc_o TYPE edidc,
        lt_edidd   TYPE STANDARD TABLE OF edidd,
        lv_vkorg   TYPE vkorg,
        lv_segnum  TYPE idocdsgnum.

  SELECT SINGLE vkorg FROM vbrk WHERE vbeln = @iv_vbeln INTO @lv_vkorg.
  IF sy-subrc <> 0.
    RAISE not_found.
  ENDIF.
  AUTHORITY-CHECK OBJECT 'V_VBRK_VKO' ID 'VKORG' FIELD lv_vkorg ID 'ACTVT' FIELD '03'.
  IF sy-subrc <> 0.
    RAISE no_authority.
  ENDIF.

  " The output record the IDoc builder expects (as message control would pass it).
  ls_nast = VALUE #( kappl = 'V3' objky = iv_vbeln kschl = iv_kschl spras = sy-langu
                     parvw = 'RE' nacha = '6' anzal = 1 vsztp = '4' ).
  ls_edidc = VALUE #( mestyp = 'INVOIC' idoctp = 'INVOIC02' cimtyp = iv_cimtyp direct = '1'
                      rcvprt = 'LS' rcvprn = 'KSEFGW' ).

  CALL FUNCTION 'IDOC_OUTPUT_INVOIC'
    EXPORTING
      object             = ls_nast
      control_record_in  = ls_edidc
    IMPORTING
      control_record_out = ls_edidc_o
    TABLES
      int_edidd          = lt_edidd
    EXCEPTIONS
      error_message_received = 1
      data_not_relevant_for_sending = 2
      OTHERS             = 3.
  IF sy-subrc <> 0.
    es_return = VALUE #( type = 'E' id = sy-msgid number = sy-msgno
                         message_v1 = sy-msgv1 message_v2 = sy-msgv2 message_v3 = sy-msgv3 message_v4 = sy-msgv4 ).
    MESSAGE ID sy-msgid TYPE 'S' NUMBER sy-msgno WITH sy-msgv1 sy-msgv2 sy-msgv3 sy-msgv4 INTO es_return-message.
    RETURN.
  ENDIF.

  " No DOCNUM exists (nothing saved): the gateway uses the billing document number as the IDoc's key.
  MOVE-CORRESPONDING ls_edidc_o TO es_idoc_control.
  es_idoc_control-tabnam = 'EDI_DC40'.
  es_idoc_control-idoctyp = 'INVOIC02'.
  es_idoc_control-docnum = |RFC{ iv_vbeln }|.

  " SEGNUM/PSGNUM/HLEVEL as the IDoc layer would number them (EDIDD carries them when filled by the builder).
  LOOP AT lt_edidd ASSIGNING FIELD-SYMBOL(<ls_edidd>).
    lv_segnum = lv_segnum + 1.
    APPEND VALUE edi_dd40( segnam = <ls_edidd>-segnam mandt = sy-mandt docnum = es_idoc_control-docnum
                           segnum = COND #( WHEN <ls_edidd>-segnum IS INITIAL THEN lv_segnum ELSE <ls_edidd>-segnum )
                           psgnum = <ls_edidd>-psgnum hlevel = <ls_edidd>-hlevel sdata = <ls_edidd>-sdata )
      TO et_idoc_data.
  ENDLOOP.
  " Where the builder leaves PSGNUM/HLEVEL empty, call IDOC_SEGMENT_HIERARCHY or leave them: the gateway then
  " derives the hierarchy from HLEVEL, and from the segment definitions otherwise (check with ksef-gateway sap check).

  es_return = VALUE #( type = 'S' message = |{ lines( et_idoc_data ) } segments| ).
ENDFUNCTION.
